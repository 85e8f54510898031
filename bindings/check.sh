#!/usr/bin/env bash
# Fails when bindings/generated/ differs from what the generator makes of the
# current header (the generated files are committed, so this catches a header
# edit without a regeneration).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

fresh="$(mktemp -d)"
trap 'rm -rf "$fresh"' EXIT

dotnet run --project bindings/generator -- \
  --header native/include/chainer/chainer.h --out "$fresh" "$@"

if ! diff -r -u bindings/generated "$fresh"; then
  echo "bindings/generated is out of date; run bindings/regenerate.sh" >&2
  exit 1
fi
echo "bindings/generated is up to date"
