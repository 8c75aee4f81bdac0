# Shared set-up steps for the scripts; every one is idempotent.

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

step() {
    printf '\n==> %s\n' "$*"
}

# Installs the Debian packages that are missing, and only those.
ensure_packages() {
    local missing=()
    for package in "$@"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing+=("$package")
    done
    if [ "${#missing[@]}" -gt 0 ]; then
        step "apt-get install ${missing[*]}"
        as_root apt-get update -qq
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
    fi
}

# PostgreSQL on 127.0.0.1:5432, reachable as `postgres` without a password
# (the tests create and drop their own databases): installed if missing,
# started if down.
ensure_postgres() {
    local admin_url="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432}/postgres"
    command -v pg_ctlcluster >/dev/null || ensure_packages postgresql
    if ! pg_isready -q -h 127.0.0.1 -p 5432; then
        local version
        version=$(ls /etc/postgresql | sort -V | tail -n 1)
        step "starting PostgreSQL $version"
        as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
        for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
    fi
    if ! psql "$admin_url" -qAtc 'SELECT 1' >/dev/null 2>&1; then
        # A fresh Debian cluster asks for passwords over TCP: trust local
        # connections, as the tests (and this machine's image) expect.
        local version hba
        version=$(ls /etc/postgresql | sort -V | tail -n 1)
        hba="/etc/postgresql/$version/main/pg_hba.conf"
        step "trusting local TCP connections in $hba"
        as_root sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
        as_root pg_ctlcluster --skip-systemctl-redirect "$version" main reload
        sleep 1
    fi
    psql "$admin_url" -qAtc 'SELECT 1' >/dev/null
}
