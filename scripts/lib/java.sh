# Sourced by ./pharos and scripts/*: finds a JDK 21+ and exports JAVA_HOME (and PATH).
# Order: $JAVA_HOME if it is 21+, then the newest JDK 21+ under /usr/lib/jvm, then `java` on PATH.

java_major() {  # prints the major version of the java binary $1, or 0
  local v
  v=$("$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}')
  echo "${v:-0}" | cut -d. -f1
}

find_jdk21() {
  local candidate best="" best_major=0 m
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/javac" ]] && (( $(java_major "$JAVA_HOME/bin/java") >= 21 )); then
    echo "$JAVA_HOME"; return 0
  fi
  for candidate in /usr/lib/jvm/*; do
    [[ -x "$candidate/bin/javac" ]] || continue
    m=$(java_major "$candidate/bin/java")
    if (( m >= 21 && m > best_major )); then best="$candidate"; best_major=$m; fi
  done
  if [[ -z "$best" ]] && command -v javac >/dev/null; then
    candidate=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    (( $(java_major "$candidate/bin/java") >= 21 )) && best="$candidate"
  fi
  [[ -n "$best" ]] && echo "$best"
}

JAVA_HOME=$(find_jdk21) || {
  echo "pharos: no JDK 21 or newer found (checked JAVA_HOME, /usr/lib/jvm and PATH); install one, e.g. 'apt-get install openjdk-21-jdk' or Temurin 21, or set JAVA_HOME" >&2
  exit 1
}
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
# Maven 3.8 on JDK 24+ prints sun.misc.Unsafe warnings; silence them where the flag exists.
if (( $(java_major "$JAVA_HOME/bin/java") >= 24 )); then
  export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
fi
