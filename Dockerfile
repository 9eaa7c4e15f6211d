# The grading image: `autograder` (check, grade, list) on Debian's Python 3.11 with requirements.lock, torch's
# CPU build. Its jail needs runtime options to be complete: docs/containers.md says which, and what the grader
# says without each.
#
#   docker build -t nnmodule-grader .
#   docker run --rm --cap-add SYS_ADMIN --security-opt seccomp=unconfined --security-opt apparmor=unconfined \
#       --security-opt systempaths=unconfined --cgroupns host -v /sys/fs/cgroup:/sys/fs/cgroup:rw \
#       -v "$PWD/course:/course" -w /course nnmodule-grader grade submitted --out grading
#
# Pins come from requirements.lock alone (tests/test_containers_image.py checks this file adds none): the
# lock is installed by tools/bootstrap.py, as `make setup` installs it.
FROM debian:bookworm-slim

# python3.11: Debian's (3.11.2), which the lock supports; libseccomp2: the jail's seccomp filter; ldconfig
# (libc-bin, already there) lets pyseccomp find it.
RUN apt-get update \
    && apt-get install -y --no-install-recommends python3.11 python3.11-venv libseccomp2 ca-certificates \
    && rm -rf /var/lib/apt/lists/*

ENV PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    LANG=C.UTF-8

WORKDIR /opt/nnmodule-course
COPY requirements.lock pyproject.toml README.md ./
COPY tools/bootstrap.py tools/bootstrap.py
# The lock first, in its own layer: it changes far less often than the grader.
RUN python3.11 -c "import sys; sys.path.insert(0, 'tools'); import bootstrap as b; \
b.make_venv('/opt/venv', '/usr/bin/python3.11'); \
b.install_lock('/opt/venv/bin/python', open('requirements.lock').read())"
# The package, installed as a copy (not editable): the jail binds only the files its child runs.
COPY autograder autograder
RUN /opt/venv/bin/python -m pip install --quiet --no-deps --no-build-isolation . \
    && rm -rf build *.egg-info

ENV PATH=/opt/venv/bin:$PATH
WORKDIR /course
ENTRYPOINT ["autograder"]
CMD ["--help"]
