#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder image: install packages, build.
set -euo pipefail
SOURCE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# ./labs build installs the Debian packages the course needs (its REQUIRED_PACKAGES list), then
# configures and builds the harness, the labs' tests and the grader once, so that each submission
# only compiles the student's files.
cd "$SOURCE"
LABS_PRESET=default ./labs build
# The grader's work happens as an unprivileged user; the build must be readable by it.
chmod -R a+rX "$SOURCE"
