#!/usr/bin/env bash
# Installs the "sglp-java" Jupyter kernelspec for this checkout, for the current user by default.
#   kernel-ext/install.sh                    user install (~/.local/share/jupyter/kernels/sglp-java)
#   kernel-ext/install.sh --prefix DIR       install under DIR/share/jupyter/kernels (any jupyter kernelspec option)
# Needs a build first (environment/sglp build): the kernel runs target/classes with target/lib/*.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
JUPYTER=/usr/bin/jupyter
[ -x "$JUPYTER" ] || { echo "install.sh: $JUPYTER is missing; run environment/sglp kernel" >&2; exit 1; }
[ -d "$ROOT/target/classes/sglp/kernel" ] && [ -d "$ROOT/target/lib" ] \
  || { echo "install.sh: no build in $ROOT/target; run environment/sglp build" >&2; exit 1; }
if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then JAVA=$JAVA_HOME/bin/java; else JAVA=$(command -v java); fi
SPEC=$(mktemp -d)
trap 'rm -rf "$SPEC"' EXIT
CACHE=${SGLP_CACHE:-$ROOT/.cache}
sed -e "s|@JAVA@|$JAVA|" -e "s|@CLASSPATH@|$ROOT/target/classes:$ROOT/target/lib/*|" -e "s|@CACHE@|$CACHE|" \
  "$HERE/kernel.json" > "$SPEC/kernel.json"
cp "$HERE/startup.jshell" "$HERE/logo-64x64.png" "$SPEC/"
if [ $# -eq 0 ]; then set -- --user; fi
"$JUPYTER" kernelspec install --replace --name sglp-java "$@" "$SPEC"
