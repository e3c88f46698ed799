# Build HoaGiai Desktop for Windows: the one-folder bundle (dist\HoaGiai) and the NSIS setup program.
#
#   powershell -ExecutionPolicy Bypass -File installer\build.ps1              # bundle + setup .exe
#   powershell -ExecutionPolicy Bypass -File installer\build.ps1 -NoInstaller # bundle only
#
# Needs Python 3.11+ (py launcher or python on PATH) and, for the setup program, NSIS 3 (makensis on PATH or in
# "C:\Program Files (x86)\NSIS"). Steps: lean venv in build\venv (runtime dependencies + PyInstaller, no test
# tools), compile the catalogues, render the icons, PyInstaller, a quick check of the frozen program, makensis.
param(
    [switch]$NoInstaller,
    [switch]$ReuseVenv,
    [string]$Python = ""
)
$ErrorActionPreference = "Stop"
Set-Location (Split-Path -Parent $PSScriptRoot)
$Root = Get-Location
$env:PYTHONUTF8 = "1"
$env:QT_QPA_PLATFORM = "offscreen"
$started = Get-Date

function Step($text) { Write-Host ("`n== {0} ({1:N1} s)" -f $text, ((Get-Date) - $started).TotalSeconds) }
function Check($what) { if ($LASTEXITCODE -ne 0) { throw "$what failed (exit code $LASTEXITCODE)" } }

$Venv = Join-Path $Root "build\venv"
$Py = Join-Path $Venv "Scripts\python.exe"
Step "lean build venv: $Venv"
if (-not $ReuseVenv -or -not (Test-Path $Py)) {
    if (Test-Path $Venv) { Remove-Item -Recurse -Force $Venv }
    if ($Python) { & $Python -m venv $Venv }
    elseif (Get-Command py -ErrorAction SilentlyContinue) { & py -3 -m venv $Venv }
    else { & python -m venv $Venv }
    Check "venv"
    & $Py -m pip install -q --upgrade pip; Check "pip upgrade"
    $deps = & $Py -c "import tomllib; p = tomllib.load(open('pyproject.toml', 'rb'))['project']; print('\n'.join(p['dependencies'] + p['optional-dependencies'].get('build', [])))"
    Check "reading pyproject.toml"
    & $Py -m pip install -q @($deps -split "`n" | Where-Object { $_ }) "pyinstaller>=6.0" "pillow>=10"; Check "pip install"
    # QtPdf lets the report preview work without poppler. Up to Qt 6.11 it is part of PySide6-Addons; from 6.12
    # it is a separate wheel of the same Qt version.
    & $Py -c "import importlib.util, sys; sys.exit(0 if importlib.util.find_spec('PySide6.QtPdf') else 1)"
    if ($LASTEXITCODE -ne 0) {
        $qt = (& $Py -c "from importlib.metadata import version; print(version('PySide6-Essentials'))").Trim()
        & $Py -m pip install -q "PySide6-Pdf~=$qt"
        if ($LASTEXITCODE -ne 0) { Write-Host "note: no PySide6-Pdf for Qt $qt; the report preview will be unavailable" }
    }
}

Step "compile catalogues"
& $Py -m hoagiai_desktop.i18n_build; Check "i18n_build"
if (-not (Test-Path "hoagiai_desktop\locale\qtbase_vi.qm")) { throw "qtbase_vi.qm was not built (pyside6-lrelease missing?)" }

Step "render icons"
& $Py installer\make_icons.py build\icons; Check "make_icons"

Step "pyinstaller"
& $Py -m PyInstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build\pyinstaller installer\hoagiai.spec
Check "pyinstaller"

Step "frozen program check"
$Version = (& $Py -c "import hoagiai_desktop; print(hoagiai_desktop.__version__)").Trim()
$out = (& dist\HoaGiai\hoagiai-cli.exe --version) -join ""
if ($out -ne "HoaGiai Desktop $Version") { throw "hoagiai-cli --version printed '$out'" }
$tmp = Join-Path $env:TEMP ("hoagiai-check-" + [guid]::NewGuid())
New-Item -ItemType Directory $tmp | Out-Null
$env:HOAGIAI_DATA_DIR = $tmp
& dist\HoaGiai\hoagiai-cli.exe --db "$tmp\demo.sqlite3" demo; Check "frozen demo"
& dist\HoaGiai\hoagiai-cli.exe --db "$tmp\demo.sqlite3" stats --period 2025 | Out-Null; Check "frozen stats"
Remove-Item Env:HOAGIAI_DATA_DIR
Remove-Item -Recurse -Force $tmp

if (-not $NoInstaller) {
    Step "makensis"
    $makensis = (Get-Command makensis -ErrorAction SilentlyContinue).Source
    if (-not $makensis) { $makensis = "${env:ProgramFiles(x86)}\NSIS\makensis.exe" }
    if (-not (Test-Path $makensis)) { throw "makensis not found; install NSIS 3 (choco install nsis)" }
    & $makensis /V2 "/DPAYLOAD=$Root\dist\HoaGiai" "/DVERSION=$Version" "/DICON=$Root\build\icons\hoagiai.ico" `
        "/DOUTFILE=$Root\dist\HoaGiai-$Version-setup.exe" installer\hoagiai.nsi
    Check "makensis"
}

$size = (Get-ChildItem -Recurse dist\HoaGiai | Measure-Object -Sum Length).Sum / 1MB
Write-Host ("`n== done in {0:N0} s; dist\HoaGiai {1:N0} MB" -f ((Get-Date) - $started).TotalSeconds, $size)
if (-not $NoInstaller) {
    $setup = Get-Item "dist\HoaGiai-$Version-setup.exe"
    Write-Host ("setup: {0} ({1:N0} MB)" -f $setup.FullName, ($setup.Length / 1MB))
}
