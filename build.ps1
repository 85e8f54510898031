<#
.SYNOPSIS
  Chainer.Native: the build entry point on Windows (the same subcommands as build.sh).

.DESCRIPTION
  .\build.ps1 [build]         deps + native + managed (the default)
  .\build.ps1 deps            check for dotnet, cmake, MSVC, vcpkg's OpenBLAS/GoogleTest (installs nothing)
  .\build.ps1 native          CMake (Visual Studio generator, MSVC) into build\native
  .\build.ps1 bindings-check  bash bindings/check.sh (Git Bash or WSL, with clang-14)
  .\build.ps1 managed         dotnet build -c Release Chainer.Native.sln
  .\build.ps1 test            all of the above, then ctest, the NUnit suites and the package smoke test;
                              ends with the line "N passed, N failed, N skipped"
  .\build.ps1 example         build and run examples\Tutorial
  .\build.ps1 pack            artifacts\Chainer.Native.<version>.nupkg and .snupkg
  .\build.ps1 smoke           the package smoke test on its own
  .\build.ps1 bench           benchmarks\Overhead against PyTorch (python with torch on PATH)
  .\build.ps1 clean           remove build outputs

  OpenBLAS: vcpkg install openblas:x64-windows-static gtest:x64-windows-static, and set VCPKG_ROOT.
  Environment: CHAINER_WITH_CUDA=auto|1|0, CHAINER_CMAKE_ARGS, CHAINER_VERSION (see docs/building.md).
#>
#Requires -Version 7.0
param(
  [Parameter(Position = 0)][string]$Command = 'build',
  [Parameter(Position = 1, ValueFromRemainingArguments = $true)][string[]]$Rest = @()
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$Root = $PSScriptRoot
$BuildDir = Join-Path $Root 'build\native'
$Artifacts = Join-Path $Root 'artifacts'
$Sln = Join-Path $Root 'Chainer.Native.sln'
$Config = 'Release'
$LibProject = Join-Path $Root 'managed\Chainer\Chainer.csproj'
$NativeDll = Join-Path $BuildDir 'chainer_native.dll'
$TestProjects = @('tests\Chainer.Tests\Chainer.Tests.csproj',
                  'bindings\generator.tests\Chainer.Bindings.Generator.Tests.csproj')
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'
$env:DOTNET_CLI_UI_LANGUAGE = 'en'

function Log([string]$msg) { Write-Host "`n==> $msg" }

# Runs a native command and stops on a non-zero exit code.
function Exec([string]$exe, [string[]]$argv) {
  & $exe @argv
  if ($LASTEXITCODE -ne 0) { throw "$exe $($argv -join ' ') failed with exit code $LASTEXITCODE" }
}

function Invoke-Deps {
  if (-not (Get-Command dotnet -ErrorAction SilentlyContinue)) {
    throw 'the .NET SDK (10.0 or later) is required and was not found on PATH: install it first (https://dotnet.microsoft.com/download)'
  }
  $missing = @()
  if (-not (Get-Command cmake -ErrorAction SilentlyContinue)) { $missing += 'cmake (Visual Studio 2022 with "Desktop development with C++", or cmake.org)' }
  if (-not $env:VCPKG_ROOT) { $missing += 'vcpkg (set VCPKG_ROOT; then: vcpkg install openblas:x64-windows-static gtest:x64-windows-static)' }
  if (Get-CudaWanted) {
    if (-not (Get-Command nvcc -ErrorAction SilentlyContinue)) { $missing += 'the CUDA toolkit (nvcc), requested by CHAINER_WITH_CUDA' }
  }
  if ($missing.Count -gt 0) { throw "missing: $($missing -join '; ')" }
  Write-Host 'deps: dotnet, cmake and vcpkg found'
}

function Get-CudaWanted {
  $mode = if ($env:CHAINER_WITH_CUDA) { $env:CHAINER_WITH_CUDA } else { 'auto' }
  switch -regex ($mode) {
    '^(1|on|true|yes)$' { return $true }
    '^(0|off|false|no)$' { return $false }
    default { return [bool](Get-Command nvcc -ErrorAction SilentlyContinue) }
  }
}

function Invoke-Native {
  $cuda = if (Get-CudaWanted) { 'ON' } else { 'OFF' }
  $cmakeArgs = @('-S', $Root, '-B', $BuildDir, '-A', 'x64', '-DCHAINER_BUILD_TESTS=ON', "-DCHAINER_CUDA=$cuda")
  if ($env:VCPKG_ROOT) {
    $cmakeArgs += "-DCMAKE_TOOLCHAIN_FILE=$(Join-Path $env:VCPKG_ROOT 'scripts\buildsystems\vcpkg.cmake')"
    $cmakeArgs += '-DVCPKG_TARGET_TRIPLET=x64-windows-static'
  }
  if ($env:CHAINER_CMAKE_ARGS) { $cmakeArgs += ($env:CHAINER_CMAKE_ARGS -split '\s+' | Where-Object { $_ }) }
  Log "native: cmake (CHAINER_CUDA=$cuda) -> $BuildDir"
  Exec cmake $cmakeArgs
  Exec cmake @('--build', $BuildDir, '--config', $Config, '--parallel')
  # Multi-config generators put the DLL under Release\: the managed projects expect build\native\.
  $built = Get-ChildItem -Path $BuildDir -Recurse -Filter 'chainer_native.dll' | Where-Object { $_.FullName -ne $NativeDll } | Select-Object -First 1
  if ($built) { Copy-Item $built.FullName $NativeDll -Force }
  if (-not (Test-Path $NativeDll)) { throw "the build did not produce $NativeDll" }
  Write-Host "native: $NativeDll"
}

function Invoke-BindingsCheck {
  Log 'bindings-check'
  Exec bash @((Join-Path $Root 'bindings/check.sh'))
}

function Invoke-Managed {
  Log "managed: dotnet build -c $Config"
  Exec dotnet @('build', $Sln, '-c', $Config, '-nologo')
}

function Get-PackageVersion {
  if ($env:CHAINER_VERSION) { return $env:CHAINER_VERSION }
  return (& dotnet msbuild $LibProject -nologo -getProperty:Version | Out-String).Trim()
}

function Invoke-PackTo([string]$out) {
  if (-not (Test-Path $NativeDll)) { throw "$NativeDll is missing: run .\build.ps1 native" }
  $version = Get-PackageVersion
  New-Item -ItemType Directory -Force -Path $out | Out-Null
  # A full rebuild: an incremental one would keep a Chainer.dll compiled without ContinuousIntegrationBuild.
  $props = @('-c', $Config, '-nologo', "-p:Version=$version", '-p:ContinuousIntegrationBuild=true')
  Exec dotnet (@('build', $LibProject, '--no-incremental') + $props)
  Exec dotnet (@('pack', $LibProject, '--no-build', '-o', $out) + $props)
  Add-Type -AssemblyName System.IO.Compression.FileSystem
  $zip = [System.IO.Compression.ZipFile]::OpenRead((Join-Path $out "Chainer.Native.$version.nupkg"))
  try {
    $names = $zip.Entries | ForEach-Object { $_.FullName }
    foreach ($need in @('lib/net10.0/Chainer.dll', 'lib/net10.0/Chainer.xml', 'runtimes/win-x64/native/chainer_native.dll')) {
      if ($names -notcontains $need) { throw "package is missing $need" }
    }
  } finally { $zip.Dispose() }
  if (-not (Test-Path (Join-Path $out "Chainer.Native.$version.snupkg"))) { throw 'dotnet pack did not produce the .snupkg' }
}

function Invoke-Smoke {
  $tmp = Join-Path ([System.IO.Path]::GetTempPath()) ("chainer-smoke-" + [guid]::NewGuid().ToString('N'))
  New-Item -ItemType Directory -Path $tmp | Out-Null
  try {
    $version = Get-PackageVersion
    Log "smoke: pack Chainer.Native $version into a local feed"
    Invoke-PackTo (Join-Path $tmp 'feed')
    Log 'smoke: fresh console app consuming the package'
    $app = Join-Path $tmp 'app'
    Exec dotnet @('new', 'console', '-n', 'SmokeApp', '-o', $app, '--framework', 'net10.0')
    @"
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <config><add key="globalPackagesFolder" value="$tmp\packages" /></config>
  <packageSources>
    <clear />
    <add key="local" value="$tmp\feed" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
  </packageSources>
  <packageSourceMapping>
    <packageSource key="local"><package pattern="Chainer.Native" /></packageSource>
    <packageSource key="nuget.org"><package pattern="*" /></packageSource>
  </packageSourceMapping>
</configuration>
"@ | Set-Content -Path (Join-Path $app 'nuget.config') -Encoding UTF8
    Push-Location $app
    try {
      Exec dotnet @('add', 'package', 'Chainer.Native', '--version', $version)
      Copy-Item (Join-Path $Root 'tests\PackageSmoke\Program.cs') (Join-Path $app 'Program.cs') -Force
      Exec dotnet @('build', '-c', $Config, '-nologo', '-v', 'q')
      $env:CHAINER_NATIVE_PATH = $null
      $actual = (& dotnet run -c $Config --no-build) -join "`n"
      if ($LASTEXITCODE -ne 0) { throw "the smoke app failed with exit code $LASTEXITCODE" }
    } finally { Pop-Location }
    $expected = ((Get-Content (Join-Path $Root 'tests\PackageSmoke\expected.txt')) -join "`n")
    if ($actual.Trim() -ne $expected.Trim()) { throw "smoke: output differs:`n$actual`nexpected:`n$expected" }
    Write-Host $actual
    Write-Host 'smoke: passed'
  } finally { Remove-Item -Recurse -Force $tmp -ErrorAction SilentlyContinue }
}

# --- test -----------------------------------------------------------------------------------
$Results = New-Object System.Collections.Generic.List[object]
function Add-Result($name, [int]$passed, [int]$failed, [int]$skipped, $note = '') {
  $Results.Add([pscustomobject]@{ Name = $name; Passed = $passed; Failed = $failed; Skipped = $skipped; Note = $note })
}

function Invoke-Step([scriptblock]$block, [string]$name) {
  try { & $block | Out-Host; return $true } catch { Write-Host "${name}: $_"; Add-Result $name 0 1 0 "$_"; return $false }
}

function Invoke-CTest {
  if (-not (Test-Path (Join-Path $BuildDir 'CTestTestfile.cmake'))) { Add-Result 'ctest (native)' 0 0 0 'no CTest tests registered'; return }
  $ErrorActionPreference = 'Continue'   # stderr lines of a native command are not errors here
  & ctest --test-dir $BuildDir -C $Config --output-on-failure --parallel 2 --timeout 600 2>&1 | Tee-Object -Variable lines
  $rc = $LASTEXITCODE
  $line = $lines | Where-Object { "$_" -match '(\d+)% tests passed, (\d+) tests? failed out of (\d+)' } | Select-Object -Last 1
  if (-not $line) { Add-Result 'ctest (native)' 0 1 0 "ctest did not report a result (exit $rc)"; return }
  $null = "$line" -match '(\d+) tests? failed out of (\d+)'
  $failed = [int]$Matches[1]; $total = [int]$Matches[2]
  $skipped = @($lines | Where-Object { "$_" -match '^\s*\d+ - .*\(Skipped\)\s*$' }).Count
  if ($rc -ne 0 -and $failed -eq 0) { $failed = 1 }
  Add-Result 'ctest (native)' ($total - $failed - $skipped) $failed $skipped
}

function Invoke-DotnetSuite([string]$project) {
  $name = [System.IO.Path]::GetFileNameWithoutExtension($project)
  $ErrorActionPreference = 'Continue'   # stderr lines of a native command are not errors here
  & dotnet test --project (Join-Path $Root $project) -c $Config --no-build --no-ansi --no-progress --timeout 30m 2>&1 | Tee-Object -Variable lines
  $rc = $LASTEXITCODE
  function Last([string]$key) {
    $m = $lines | Where-Object { "$_" -match "^\s*${key}: (\d+)" } | Select-Object -Last 1
    if ($m) { $null = "$m" -match "${key}: (\d+)"; return [int]$Matches[1] } else { return $null }
  }
  $total = Last 'total'; $failed = Last 'failed'; $succeeded = Last 'succeeded'; $skipped = Last 'skipped'
  if ($null -eq $total -or $null -eq $succeeded) { Add-Result $name 0 1 0 "no test summary found (exit $rc)"; return }
  if ($null -eq $failed) { $failed = 0 }
  if ($null -eq $skipped) { $skipped = 0 }
  $note = ''
  if ($rc -ne 0 -and $failed -eq 0) { $failed = 1; $note = "test run failed with exit code $rc" }
  Add-Result $name $succeeded $failed $skipped $note
}

function Invoke-Test {
  $null = Invoke-Step { Invoke-Deps } 'build: deps'
  $nativeOk = Invoke-Step { Invoke-Native } 'build: native'
  $null = Invoke-Step { Invoke-BindingsCheck } 'check: bindings'
  $managedOk = Invoke-Step { Invoke-Managed } 'build: managed'
  if ($nativeOk) { Log 'test: ctest'; Invoke-CTest }
  foreach ($p in $TestProjects) {
    if (-not (Test-Path (Join-Path $Root $p))) { Add-Result ([System.IO.Path]::GetFileNameWithoutExtension($p)) 0 1 0 "$p is missing"; continue }
    if (-not $managedOk) { continue }
    if (-not $nativeOk -and -not $p.StartsWith('bindings')) { continue }
    Log "test: $p"; Invoke-DotnetSuite $p
  }
  if ($nativeOk -and $managedOk) {
    Log 'test: package smoke test'
    if (Invoke-Step { Invoke-Smoke } 'package smoke test') { Add-Result 'package smoke test' 1 0 0 }
  }
  Log 'test summary'
  $p = 0; $f = 0; $s = 0
  foreach ($r in $Results) {
    $note = if ($r.Note) { "  ($($r.Note))" } else { '' }
    Write-Host ("  {0,-40} {1,4} passed, {2} failed, {3} skipped{4}" -f "$($r.Name):", $r.Passed, $r.Failed, $r.Skipped, $note)
    $p += $r.Passed; $f += $r.Failed; $s += $r.Skipped
  }
  if ($p + $f -eq 0) { Write-Host '  no test ran'; $f = 1 }
  Write-Host "$p passed, $f failed, $s skipped"
  if ($f -ne 0) { exit 1 }
}

function Invoke-Clean {
  Log 'clean'
  foreach ($d in @((Join-Path $Root 'build'), $Artifacts, (Join-Path $Root 'TestResults'))) { if (Test-Path $d) { Remove-Item -Recurse -Force $d } }
  Get-ChildItem -Path (Join-Path $Root 'managed'), (Join-Path $Root 'tests'), (Join-Path $Root 'examples'), (Join-Path $Root 'bindings'), (Join-Path $Root 'benchmarks') -Recurse -Filter '*.csproj' -ErrorAction SilentlyContinue |
    ForEach-Object { foreach ($sub in 'bin', 'obj', 'TestResults') { $d = Join-Path $_.DirectoryName $sub; if (Test-Path $d) { Remove-Item -Recurse -Force $d } } }
}

switch ($Command) {
  'build' { Invoke-Deps; Invoke-Native; Invoke-Managed }
  'deps' { Invoke-Deps }
  'native' { Invoke-Native }
  'bindings-check' { Invoke-BindingsCheck }
  'managed' { Invoke-Managed }
  'test' { Invoke-Test }
  'example' { Invoke-Deps; Invoke-Native; Exec dotnet @('run', '--project', (Join-Path $Root 'examples\Tutorial\Tutorial.csproj'), '-c', $Config) }
  'pack' { Invoke-Native; Log "pack -> $Artifacts"; Invoke-PackTo $Artifacts; Get-ChildItem (Join-Path $Artifacts 'Chainer.Native.*') }
  'smoke' { Invoke-Smoke }
  'bench' {
    Invoke-Native
    $py = (Get-Command python -ErrorAction SilentlyContinue)
    $pyPath = if ($py) { $py.Source } else { 'python' }
    # The C limits (benchmarks/limits) are built by build.sh only; on Windows the suite runs without them.
    Exec dotnet (@('run', '--project', (Join-Path $Root 'benchmarks\Overhead\Overhead.csproj'), '-c', $Config, '--',
                   '--python', $pyPath, '--peer-script', (Join-Path $Root 'benchmarks\peers\peer.py')) + $Rest)
  }
  'clean' { Invoke-Clean }
  default { Get-Help $PSCommandPath -Detailed; throw "unknown command '$Command'" }
}
