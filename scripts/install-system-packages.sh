#!/usr/bin/env bash
# Debian packages dirbridge builds against (libldap, libcurl, SQLite) and the servers its
# tests and demo start on loopback (slapd, Samba AD, PostgreSQL for the shared store and its
# active/standby test). In tests, nodejs runs the HTML report's
# script, python3 plays second processes (lock holder, plain HTTP server) and nghttpd is the
# HTTP/2 peer of the transport tests. Needs root: run as root, or as a user with sudo (the
# script re-runs itself through sudo).
set -euo pipefail
if [ "$(id -u)" -ne 0 ]; then
    exec sudo "$0" "$@"
fi
export DEBIAN_FRONTEND=noninteractive

# The packaged daemons must not start their system instances: dirbridge's tests and demo start
# their own on 127.0.0.1, and a system slapd on :389 would collide with the Samba AD tests.
# An AD domain controller needs more than `samba`, whose Recommends --no-install-recommends
# leaves out: samba-ad-dc (the directory's ldb modules) and samba-ad-provision (the schema
# files `samba-tool domain provision` loads).
if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
    chmod +x /usr/sbin/policy-rc.d
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
fi

apt-get update
# PostgreSQL: the tests run their own clusters (initdb in a temporary folder, on a free port).
# The package must not create the system's "main" cluster, which would claim port 5432 at the
# next boot: postgresql-common first, told not to, then the server (policy-rc.d above keeps
# the package from starting anything meanwhile). A cluster that exists already is left alone.
apt-get install -y --no-install-recommends postgresql-common
sed -ri 's/^#?\s*create_main_cluster\s*=.*$/create_main_cluster = false/' /etc/postgresql-common/createcluster.conf
apt-get install -y --no-install-recommends postgresql
apt-get install -y --no-install-recommends \
    libldap-dev libcurl4-openssl-dev libsqlite3-dev ca-certificates \
    slapd ldap-utils samba samba-ad-dc samba-ad-provision winbind nghttp2-server nodejs python3 openssl
