; Sportello: Windows installer (Inno Setup 6, https://jrsoftware.org/isinfo.php).
;
; Do not compile this file by hand: installer\windows\build.py freezes the app into
; dist\sportello\ and runs ISCC with the /D defines below, taken from installer\bundle.py
; (the one place where the kiosk and display commands are named).
;
; Per-machine install under Program Files (administrator rights), Italian wizard,
; Start-menu entries for the counter app, the kiosk and the waiting-room display.
; Silent install for IT (no questions, no message boxes, no reboot):
;     sportello-<version>-setup.exe /VERYSILENT /SUPPRESSMSGBOXES /NORESTART /LOG="C:\Temp\sportello-setup.log"
;     optional: /DIR="D:\Programmi\Sportello"  /TASKS="desktopicon"
; Silent uninstall:
;     "C:\Program Files\Sportello\unins000.exe" /VERYSILENT /SUPPRESSMSGBOXES /NORESTART
; The uninstaller removes only what it installed: each user's data in
; %LOCALAPPDATA%\Sportello (database, backups, settings, logs) is kept.

#ifndef AppVersion
  #error Build with installer\windows\build.py: it passes /DAppVersion and the launcher defines.
#endif
#ifndef AppExeName
  #error AppExeName is not defined (see installer\bundle.py iss_defines)
#endif
#ifndef CounterName
  #error CounterName is not defined (see installer\bundle.py iss_defines)
#endif
#ifndef CounterArgs
  #error CounterArgs is not defined (see installer\bundle.py iss_defines)
#endif
#ifndef KioskName
  #error KioskName is not defined (see installer\bundle.py iss_defines)
#endif
#ifndef KioskArgs
  #error KioskArgs is not defined (see installer\bundle.py iss_defines)
#endif
#ifndef DisplayName
  #error DisplayName is not defined (see installer\bundle.py iss_defines)
#endif
#ifndef DisplayArgs
  #error DisplayArgs is not defined (see installer\bundle.py iss_defines)
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\sportello"
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist"
#endif

[Setup]
; A fixed AppId: upgrades replace the previous version in place.
AppId={{6D1B8C52-3F0A-4E7B-9A55-5C2E8F4B7A10}
AppName=Sportello
AppVersion={#AppVersion}
AppVerName=Sportello {#AppVersion}
AppPublisher=Sportello developers
AppComments=Front office dei Centri per l'Impiego
DefaultDirName={autopf}\Sportello
DefaultGroupName=Sportello
DisableProgramGroupPage=yes
DisableDirPage=auto
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
SourceDir=.
OutputDir={#OutputDir}
OutputBaseFilename=sportello-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
#ifdef SetupIcon
SetupIconFile={#SetupIcon}
#endif
UninstallDisplayIcon={app}\{#AppExeName}
UninstallDisplayName=Sportello {#AppVersion}
; Ask running copies to close before files are replaced (silent installs close them).
CloseApplications=force
RestartApplications=no

[Languages]
Name: "italian"; MessagesFile: "compiler:Languages\Italian.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#CounterName}"; Filename: "{app}\{#AppExeName}"; Parameters: "{#CounterArgs}"; WorkingDir: "{app}"
Name: "{group}\{#KioskName}"; Filename: "{app}\{#AppExeName}"; Parameters: "{#KioskArgs}"; WorkingDir: "{app}"
Name: "{group}\{#DisplayName}"; Filename: "{app}\{#AppExeName}"; Parameters: "{#DisplayArgs}"; WorkingDir: "{app}"
Name: "{group}\{cm:UninstallProgram,Sportello}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#CounterName}"; Filename: "{app}\{#AppExeName}"; Parameters: "{#CounterArgs}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExeName}"; Parameters: "{#CounterArgs}"; Description: "{cm:LaunchProgram,Sportello}"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete] section on purpose: user data lives in %LOCALAPPDATA%\Sportello,
; outside {app}, and the uninstaller never touches it.
