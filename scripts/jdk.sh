# Sourced by ./wghub and ./run-tests: exports JAVA_HOME pointing at a JDK 21 or newer.
# Order: $JAVA_HOME, the `java` on PATH, then every JDK under /usr/lib/jvm (newest first).

wghub_java_major() { # prints the feature version of the java binary $1, or nothing
  # A JDK's `release` file names its version; reading it spares starting a JVM (~0.15 s) on every run.
  local release major
  release="$(dirname "$(dirname "$1")")/release"
  if [ -r "$release" ]; then
    major=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release" | head -n 1)
    [ -n "$major" ] && { printf '%s\n' "$major"; return 0; }
  fi
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}

wghub_find_jdk() {
  local candidates=() home java major
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if java=$(command -v java 2>/dev/null); then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$java")")")")
  fi
  for home in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do
    candidates+=("${home%/}")
  done
  for home in "${candidates[@]}"; do
    [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || continue
    major=$(wghub_java_major "$home/bin/java")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      printf '%s\n' "$home"
      return 0
    fi
  done
  return 1
}

if ! WGHUB_JDK=$(wghub_find_jdk); then
  echo "wghub: no JDK 21 or newer found (looked at \$JAVA_HOME, java on PATH, /usr/lib/jvm/*); install one, e.g. 'apt-get install openjdk-21-jdk-headless', or set JAVA_HOME to it" >&2
  exit 1
fi
export JAVA_HOME="$WGHUB_JDK"
export PATH="$JAVA_HOME/bin:$PATH"

if ! command -v mvn >/dev/null 2>&1; then
  echo "wghub: Maven (mvn) is needed to build wghub; install it with 'apt-get install maven'" >&2
  exit 1
fi

# Maven 3.8's bundled Guava touches sun.misc.Unsafe; JDK 24+ warns about it on every build.
if [ "$(wghub_java_major "$JAVA_HOME/bin/java")" -ge 24 ]; then
  export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
fi
