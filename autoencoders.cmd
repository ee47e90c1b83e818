@echo off
rem Runs the autoencoders command line: autoencoders <command> [options]   (autoencoders --help)
rem
rem Builds examples\target\autoencoders.jar with the Maven Wrapper when it is missing or older than a file under
rem a module's src\ or a pom.xml, then runs it with the Java of JAVA_HOME (or the java on the PATH). Works from any
rem folder. Extra JVM options: AUTOENCODERS_JAVA_OPTS.
setlocal
set "AE_ROOT=%~dp0"
if "%AE_ROOT:~-1%"=="\" set "AE_ROOT=%AE_ROOT:~0,-1%"
set "AE_JAR=%AE_ROOT%\examples\target\autoencoders.jar"

if not exist "%AE_JAR%" goto build
rem stale when a source file or a pom.xml is newer than the jar (target, .git, out and .mvn folders skipped)
powershell -NoProfile -NonInteractive -ExecutionPolicy Bypass -Command ^
  "$t = (Get-Item -LiteralPath $env:AE_JAR).LastWriteTimeUtc;" ^
  "$skip = '\\(target|\.git|out|node_modules|\.mvn)\\';" ^
  "$n = Get-ChildItem -LiteralPath $env:AE_ROOT -Recurse -File -ErrorAction SilentlyContinue |" ^
  "  Where-Object { ($_.FullName -match '\\src\\' -or $_.Name -eq 'pom.xml') -and $_.FullName -notmatch $skip -and $_.LastWriteTimeUtc -gt $t } |" ^
  "  Select-Object -First 1;" ^
  "if ($n) { exit 1 } else { exit 0 }"
if errorlevel 1 goto build
goto run

:build
echo autoencoders: building %AE_JAR% ... 1>&2
pushd "%AE_ROOT%"
call "%AE_ROOT%\mvnw.cmd" -q -B -DskipTests package -pl examples -am 1>&2
if errorlevel 1 (
  popd
  echo autoencoders: the build failed ^(see above^) 1>&2
  exit /b 1
)
popd
if not exist "%AE_JAR%" (
  echo autoencoders: the build did not produce %AE_JAR% 1>&2
  exit /b 1
)
rem a build that changed nothing must not look stale next time
powershell -NoProfile -NonInteractive -Command "(Get-Item -LiteralPath $env:AE_JAR).LastWriteTimeUtc = [DateTime]::UtcNow" >nul 2>&1

:run
set "AE_JAVA=java"
if defined JAVA_HOME if exist "%JAVA_HOME%\bin\java.exe" set "AE_JAVA=%JAVA_HOME%\bin\java.exe"
rem -Xss4m: deep autodiff graphs; 75% of the RAM at most for the heap; G1 regions of 2 MB whatever the heap size
rem (docs/performance.md: with 8 MB regions pixelcnn-prior trained 2x slower); the Vector API for the fast GEMM
"%AE_JAVA%" -Xss4m -XX:MaxRAMPercentage=75 -XX:G1HeapRegionSize=2m --add-modules jdk.incubator.vector %AUTOENCODERS_JAVA_OPTS% -jar "%AE_JAR%" %*
exit /b %ERRORLEVEL%
