#!/usr/bin/env bash
# Rewrites bindings/generated/ from native/include/chainer/chainer.h.
# Usage: bindings/regenerate.sh [extra generator options, e.g. --clang clang-15]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

dotnet run --project bindings/generator -- \
  --header native/include/chainer/chainer.h --out bindings/generated "$@"
