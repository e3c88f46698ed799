; NSIS installer for HoaGiai Desktop (Windows). Installs the PyInstaller one-folder bundle for the current user,
; so an office PC without administrator rights can run it; no network is used at install or run time.
;
;   makensis -DPAYLOAD=..\dist\HoaGiai -DVERSION=0.1.0 -DICON=..\build\icons\hoagiai.ico installer\hoagiai.nsi
;
; PAYLOAD  the dist\HoaGiai folder made by PyInstaller on Windows (HoaGiai.exe, hoagiai-cli.exe, _internal\)
; VERSION  the app version (hoagiai_desktop.__version__)
; ICON     the .ico made by installer\make_icons.py
; OUTFILE  where to write the setup program (default ..\dist\HoaGiai-<version>-setup.exe)
;
; The officer's data (%LOCALAPPDATA%\HoaGiai: the data file, backups, logs) is never touched by an install or an
; update. The uninstaller keeps it unless the "delete my data" component is ticked on its components page.

Unicode true
!ifdef NOCOMPRESS
  SetCompress off  ; quick syntax-check builds (installer/smoke_test.sh)
!else
  SetCompressor /SOLID lzma
!endif
RequestExecutionLevel user
ManifestDPIAware true

!ifndef PAYLOAD
  !define PAYLOAD "..\dist\HoaGiai"
!endif
!ifndef VERSION
  !define VERSION "0.1.0"
!endif
!ifndef ICON
  !define ICON "..\build\icons\hoagiai.ico"
!endif
!ifndef OUTFILE
  !define OUTFILE "..\dist\HoaGiai-${VERSION}-setup.exe"
!endif

!define PRODUCT "HoaGiai Desktop"
!define PUBLISHER "HoaGiai Desktop"
!define APPEXE "HoaGiai.exe"
!define UNINSTKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\HoaGiaiDesktop"
!define SETTINGSKEY "Software\HoaGiai\Desktop"

Name "${PRODUCT}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\HoaGiai Desktop"
InstallDirRegKey HKCU "${SETTINGSKEY}" "InstallDir"
BrandingText "${PRODUCT} ${VERSION}"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=0 "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=0 "FileDescription" "${PRODUCT} Setup"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=0 "LegalCopyright" "${PUBLISHER}"

!include "MUI2.nsh"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_COMPONENTSPAGE_SMALLDESC
!define MUI_LANGDLL_ALLLANGUAGES
!define MUI_LANGDLL_REGISTRY_ROOT HKCU
!define MUI_LANGDLL_REGISTRY_KEY "${SETTINGSKEY}"
!define MUI_LANGDLL_REGISTRY_VALUENAME "InstallerLanguage"
!define MUI_FINISHPAGE_RUN "$INSTDIR\${APPEXE}"
!define MUI_FINISHPAGE_NOAUTOCLOSE
!define MUI_UNFINISHPAGE_NOAUTOCLOSE

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_COMPONENTS
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_UNPAGE_FINISH

; The first language is the default: Vietnamese.
!insertmacro MUI_LANGUAGE "Vietnamese"
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_RESERVEFILE_LANGDLL

LangString SEC_APP ${LANG_VIETNAMESE} "Chương trình HoaGiai Desktop"
LangString SEC_APP ${LANG_ENGLISH} "HoaGiai Desktop program"
LangString SEC_APP_DESC ${LANG_VIETNAMESE} "Chương trình quản lý hòa giải ở cơ sở (bắt buộc)."
LangString SEC_APP_DESC ${LANG_ENGLISH} "The grassroots mediation records program (required)."
LangString SEC_STARTMENU ${LANG_VIETNAMESE} "Lối tắt trong menu Start"
LangString SEC_STARTMENU ${LANG_ENGLISH} "Start menu shortcuts"
LangString SEC_STARTMENU_DESC ${LANG_VIETNAMESE} "Thêm HoaGiai Desktop vào menu Start."
LangString SEC_STARTMENU_DESC ${LANG_ENGLISH} "Add HoaGiai Desktop to the Start menu."
LangString SEC_DESKTOP ${LANG_VIETNAMESE} "Lối tắt trên màn hình nền"
LangString SEC_DESKTOP ${LANG_ENGLISH} "Desktop shortcut"
LangString SEC_DESKTOP_DESC ${LANG_VIETNAMESE} "Đặt biểu tượng HoaGiai Desktop trên màn hình nền."
LangString SEC_DESKTOP_DESC ${LANG_ENGLISH} "Put a HoaGiai Desktop icon on the desktop."
LangString UNSEC_APP ${LANG_VIETNAMESE} "Gỡ chương trình"
LangString UNSEC_APP ${LANG_ENGLISH} "Remove the program"
LangString UNSEC_APP_DESC ${LANG_VIETNAMESE} "Gỡ chương trình và các lối tắt. Dữ liệu và bản sao lưu được giữ lại."
LangString UNSEC_APP_DESC ${LANG_ENGLISH} "Remove the program and its shortcuts. Your data and backups are kept."
LangString UNSEC_DATA ${LANG_VIETNAMESE} "Xóa cả dữ liệu và bản sao lưu"
LangString UNSEC_DATA ${LANG_ENGLISH} "Also delete my data and backups"
LangString UNSEC_DATA_DESC ${LANG_VIETNAMESE} "Xóa vĩnh viễn thư mục dữ liệu (%LOCALAPPDATA%\HoaGiai): tệp dữ liệu, bản sao lưu, nhật ký. Chỉ chọn khi đã chép dữ liệu đi nơi khác."
LangString UNSEC_DATA_DESC ${LANG_ENGLISH} "Permanently delete the data folder (%LOCALAPPDATA%\HoaGiai): data file, backups, logs. Tick only if the data was copied elsewhere."
LangString CONFIRM_DATA ${LANG_VIETNAMESE} "Xóa vĩnh viễn toàn bộ dữ liệu hòa giải và bản sao lưu trong $LOCALAPPDATA\HoaGiai? Không thể hoàn tác."
LangString CONFIRM_DATA ${LANG_ENGLISH} "Permanently delete all mediation data and backups in $LOCALAPPDATA\HoaGiai? This cannot be undone."
LangString SHORTCUT_CLI ${LANG_VIETNAMESE} "HoaGiai (dòng lệnh)"
LangString SHORTCUT_CLI ${LANG_ENGLISH} "HoaGiai (command line)"
LangString SHORTCUT_UNINSTALL ${LANG_VIETNAMESE} "Gỡ HoaGiai Desktop"
LangString SHORTCUT_UNINSTALL ${LANG_ENGLISH} "Uninstall HoaGiai Desktop"

Function .onInit
  !insertmacro MUI_LANGDLL_DISPLAY
FunctionEnd

Function un.onInit
  !insertmacro MUI_UNGETLANGUAGE
FunctionEnd

Section "!$(SEC_APP)" SecApp
  SectionIn RO
  SetOutPath "$INSTDIR"
  ; Replace the previous program files completely (an update), never the data folder.
  RMDir /r "$INSTDIR\_internal"
  File /r "${PAYLOAD}\*.*"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  WriteRegStr HKCU "${SETTINGSKEY}" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTKEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayIcon" "$INSTDIR\${APPEXE}"
  WriteRegStr HKCU "${UNINSTKEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTKEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTKEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoRepair" 1
SectionEnd

Section "$(SEC_STARTMENU)" SecStartMenu
  CreateDirectory "$SMPROGRAMS\${PRODUCT}"
  SetOutPath "$INSTDIR"  ; the shortcuts' working folder
  CreateShortcut "$SMPROGRAMS\${PRODUCT}\${PRODUCT}.lnk" "$INSTDIR\${APPEXE}" "" "$INSTDIR\${APPEXE}" 0
  CreateShortcut "$SMPROGRAMS\${PRODUCT}\$(SHORTCUT_CLI).lnk" "$SYSDIR\cmd.exe" \
    '/k hoagiai-cli.exe --help' "$INSTDIR\${APPEXE}" 0
  CreateShortcut "$SMPROGRAMS\${PRODUCT}\$(SHORTCUT_UNINSTALL).lnk" "$INSTDIR\uninstall.exe"
SectionEnd

Section "$(SEC_DESKTOP)" SecDesktop
  CreateShortcut "$DESKTOP\${PRODUCT}.lnk" "$INSTDIR\${APPEXE}" "" "$INSTDIR\${APPEXE}" 0
SectionEnd

!insertmacro MUI_FUNCTION_DESCRIPTION_BEGIN
  !insertmacro MUI_DESCRIPTION_TEXT ${SecApp} $(SEC_APP_DESC)
  !insertmacro MUI_DESCRIPTION_TEXT ${SecStartMenu} $(SEC_STARTMENU_DESC)
  !insertmacro MUI_DESCRIPTION_TEXT ${SecDesktop} $(SEC_DESKTOP_DESC)
!insertmacro MUI_FUNCTION_DESCRIPTION_END

Section "!un.$(UNSEC_APP)" UnSecApp
  SectionIn RO
  Delete "$DESKTOP\${PRODUCT}.lnk"
  RMDir /r "$SMPROGRAMS\${PRODUCT}"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${APPEXE}"
  Delete "$INSTDIR\hoagiai-cli.exe"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINSTKEY}"
  DeleteRegKey HKCU "${SETTINGSKEY}"
SectionEnd

; Unticked by default: the officer's records survive an uninstall unless deleting them is asked for explicitly.
Section /o "un.$(UNSEC_DATA)" UnSecData
  IfSilent delete_data
  MessageBox MB_YESNO|MB_ICONEXCLAMATION|MB_DEFBUTTON2 "$(CONFIRM_DATA)" IDYES delete_data
  Return
  delete_data:
  RMDir /r "$LOCALAPPDATA\HoaGiai"
SectionEnd

!insertmacro MUI_UNFUNCTION_DESCRIPTION_BEGIN
  !insertmacro MUI_DESCRIPTION_TEXT ${UnSecApp} $(UNSEC_APP_DESC)
  !insertmacro MUI_DESCRIPTION_TEXT ${UnSecData} $(UNSEC_DATA_DESC)
!insertmacro MUI_UNFUNCTION_DESCRIPTION_END
