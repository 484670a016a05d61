#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder image: install packages, build.
set -euo pipefail
SOURCE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# LAB and LABS_BUILD_TARGETS (the grader and the packaged lab's configurations only).
# shellcheck source=/dev/null
source "$SOURCE/autograder.conf"
export LABS_BUILD_TARGETS
# ./labs build installs the Debian packages the course needs (its REQUIRED_PACKAGES list, with
# apt-get update only when one is missing), then configures and builds what grading $LAB needs, once,
# so that each submission only compiles the student's files.
cd "$SOURCE"
LABS_PRESET=default ./labs build
# The grader's work happens as an unprivileged user; the build must be readable by it.
chmod -R a+rX "$SOURCE"
