# Sourced (not run) by scripts/generate-python.sh and scripts/test-python.sh from the repo root.
# Creates .tools/python-venv from clients/python/requirements.txt, or reuses it while the stamp (the
# hash of requirements.txt and of the interpreter's version) still matches; on any change it is
# rebuilt from scratch, so removed pins do not linger. Sets VENV_PYTHON.
# PYTHON picks the interpreter (default python3.11, else python3; 3.9 or newer is needed).
ensure_python_venv() {
  local venv=.tools/python-venv requirements=clients/python/requirements.txt
  local base="${PYTHON:-}"
  if [[ -z "$base" ]]; then
    if command -v python3.11 >/dev/null 2>&1; then base=python3.11; else base=python3; fi
  fi
  "$base" -c 'import sys; sys.exit(sys.version_info < (3, 9))' ||
    { echo "ensure-venv: $base is older than Python 3.9" >&2; return 1; }
  local want
  want=$({ sha256sum "$requirements"; "$base" -c 'import sys; print(sys.version)'; } | sha256sum | cut -d' ' -f1)
  mkdir -p .tools
  # One installer at a time (generate and test may run side by side).
  exec 9>.tools/python-venv.lock
  flock 9
  if [[ ! -x "$venv/bin/python" || "$(cat "$venv/.requirements-stamp" 2>/dev/null)" != "$want" ]]; then
    echo "ensure-venv: installing $requirements into $venv" >&2
    rm -rf "$venv"
    "$base" -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input --require-virtualenv \
      -r "$requirements" >&2
    echo "$want" >"$venv/.requirements-stamp"
  fi
  flock -u 9
  exec 9>&-
  VENV_PYTHON="$PWD/$venv/bin/python"
}
