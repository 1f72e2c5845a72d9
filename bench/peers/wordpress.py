"""WordPress from Debian as a peer for bench/serve.py: nginx + php-fpm + MariaDB.

Debian's packages (`wordpress`, its default theme `wordpress-theme-twentytwentythree`,
`php-fpm`, `php-mysql`, `mariadb-server`) are installed with apt-get when the bench runs as
root and they are missing; otherwise the row is skipped with the reason. The bench runs its
own MariaDB (data under the peers directory, a Unix socket, no TCP port) and its own php-fpm
(Debian's php.ini with OPcache on, and Debian's default pool sizes: pm = dynamic, at most 5
children), both stopped at the end by PID; nginx (bench/serve.py's) passes PHP to it.

Debian's /usr/share/wordpress/wp-config.php reads /etc/wordpress/config-NAME.php, NAME from
the WORDPRESS_CONFIG variable nginx passes: the bench writes its own file there,
config-jaridabench.php (WP_CRON off, as on a site that runs cron from the system), and
publishes one post with the Jarida article's title and paragraphs: a post of the same length.
"""

from __future__ import annotations

import getpass
import glob
import os
import secrets
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from peers.services import Services, Skipped, peers_dir

PACKAGES = (
    "wordpress",
    "wordpress-theme-twentytwentythree",
    "php-fpm",
    "php-mysql",
    # WordPress's site health asks for these; mbstring is what keeps Arabic text intact.
    "php-mbstring",
    "php-xml",
    "mariadb-server",
)
WORDPRESS = Path("/usr/share/wordpress")
THEME = Path("/var/lib/wordpress/wp-content/themes/twentytwentythree")
CONFIG_NAME = "jaridabench"
CONFIG = Path(f"/etc/wordpress/config-{CONFIG_NAME}.php")
DATABASE = "wordpress_jarida_bench"


@dataclass
class Running:
    url: str
    nginx_server: str
    version: str


def tools() -> dict[str, str] | None:
    """The binaries WordPress needs here, or None if any is missing."""
    found = {
        "php-fpm": sorted(glob.glob("/usr/sbin/php-fpm*")),
        "php": [shutil.which("php") or ""],
        "mariadbd": [shutil.which("mariadbd") or shutil.which("mariadbd", path="/usr/sbin") or ""],
        "mariadb-install-db": [shutil.which("mariadb-install-db") or ""],
        "mariadb": [shutil.which("mariadb") or ""],
    }
    if not (WORDPRESS / "wp-load.php").exists() or not THEME.exists():
        return None
    if not all(paths and paths[-1] for paths in found.values()):
        return None
    extensions = "exit(extension_loaded('mbstring') && extension_loaded('mysqli') ? 0 : 1);"
    if subprocess.run([found["php"][-1], "-r", extensions], check=False).returncode != 0:
        return None
    return {name: paths[-1] for name, paths in found.items()}


def ensure_installed() -> dict[str, str]:
    if (found := tools()) is not None:
        return found
    if os.geteuid() != 0:
        raise Skipped(
            f"WordPress from Debian is not installed and the bench is not root: "
            f"apt-get install {' '.join(PACKAGES)}"
        )
    if not shutil.which("apt-get"):
        raise Skipped("WordPress from Debian needs apt-get (not a Debian system)")
    print(f"  WordPress: apt-get install {' '.join(PACKAGES)}...", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    result = subprocess.run(
        ["apt-get", "install", "-y", "-q", "--no-install-recommends", *PACKAGES],
        capture_output=True,
        text=True,
        env=env,
        timeout=1800,
    )
    if result.returncode != 0:
        raise Skipped(f"apt-get install failed: {result.stderr.strip().splitlines()[-1:]}")
    if (found := tools()) is None:
        raise Skipped(
            "WordPress's packages installed but php-fpm, MariaDB or the theme are missing"
        )
    return found


def start(services: Services, port: int, title: str, paragraphs: list[str]) -> Running:
    """MariaDB and php-fpm started, WordPress installed with the post; what nginx needs."""
    binaries = ensure_installed()
    root = os.geteuid() == 0
    home = peers_dir() / "wordpress"
    run_dir, data = home / "run", home / "mariadb"
    run_dir.mkdir(parents=True, exist_ok=True)
    for stale in ("mariadb.sock", "php-fpm.sock"):
        (run_dir / stale).unlink(missing_ok=True)
    if not (data / "mysql").exists():
        shutil.rmtree(data, ignore_errors=True)
        result = subprocess.run(
            [
                binaries["mariadb-install-db"],
                f"--datadir={data}",
                "--skip-test-db",
                f"--user={'root' if root else getpass.getuser()}",
            ],
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise Skipped(f"mariadb-install-db failed: {result.stderr.strip()[-300:]}")
    socket = run_dir / "mariadb.sock"
    services.start(
        "wordpress-mariadb",
        [
            binaries["mariadbd"],
            f"--datadir={data}",
            f"--socket={socket}",
            "--skip-networking",
            f"--pid-file={run_dir / 'mariadb.pid'}",
            *(["--user=root"] if root else []),
        ],
        ready_path=socket,
    )
    password = secrets.token_urlsafe(16)
    sql = (
        f"CREATE DATABASE IF NOT EXISTS {DATABASE} CHARACTER SET utf8mb4;"
        f"CREATE USER IF NOT EXISTS 'jaridabench'@'localhost';"
        f"ALTER USER 'jaridabench'@'localhost' IDENTIFIED BY '{password}';"
        f"GRANT ALL ON {DATABASE}.* TO 'jaridabench'@'localhost';"
    )
    for _ in range(50):
        result = subprocess.run(
            [binaries["mariadb"], f"--socket={socket}", "-u", "root", "-e", sql],
            capture_output=True,
            text=True,
        )
        if result.returncode == 0:
            break
        time.sleep(0.2)
    else:
        raise Skipped(f"MariaDB did not take the setup SQL: {result.stderr.strip()[-300:]}")
    salts = "\n".join(
        f"define('{name}', '{secrets.token_hex(32)}');"
        for name in (
            "AUTH_KEY",
            "SECURE_AUTH_KEY",
            "LOGGED_IN_KEY",
            "NONCE_KEY",
            "AUTH_SALT",
            "SECURE_AUTH_SALT",
            "LOGGED_IN_SALT",
            "NONCE_SALT",
        )
    )
    try:
        CONFIG.write_text(f"""<?php
// Written by Jarida's bench/peers/wordpress.py for its serve bench; rewritten on every run.
define('DB_NAME', '{DATABASE}');
define('DB_USER', 'jaridabench');
define('DB_PASSWORD', '{password}');
define('DB_HOST', 'localhost:{socket}');
define('DB_CHARSET', 'utf8mb4');
define('DISABLE_WP_CRON', true);
define('WP_DEBUG', false);
{salts}
""")
    except OSError as error:
        raise Skipped(f"cannot write {CONFIG}: {error}") from None
    url = f"http://127.0.0.1:{port}"
    text = home / "post.txt"
    text.write_text("\n".join([title, *paragraphs]) + "\n", encoding="utf-8")
    result = subprocess.run(
        [
            binaries["php"],
            str(Path(__file__).with_name("wordpress_post.php")),
            url,
            CONFIG_NAME,
            str(text),
        ],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise Skipped(
            f"installing WordPress failed: {(result.stderr or result.stdout).strip()[-300:]}"
        )
    path = result.stdout.strip().splitlines()[-1]
    fpm_socket = run_dir / "php-fpm.sock"
    user = "root" if root else getpass.getuser()
    (run_dir / "php-fpm.conf").write_text(f"""
[global]
pid = {run_dir / "php-fpm.pid"}
error_log = {run_dir / "php-fpm.log"}
daemonize = no

[wordpress]
user = {user}
listen = {fpm_socket}
listen.mode = 0666
; Debian's default pool (/etc/php/*/fpm/pool.d/www.conf)
pm = dynamic
pm.max_children = 5
pm.start_servers = 2
pm.min_spare_servers = 1
pm.max_spare_servers = 3
""")
    services.start(
        "wordpress-php-fpm",
        [
            binaries["php-fpm"],
            "--nodaemonize",
            "--fpm-config",
            str(run_dir / "php-fpm.conf"),
            *(["--allow-to-run-as-root"] if root else []),
        ],
        ready_path=fpm_socket,
    )
    version = subprocess.run(
        [
            binaries["php"],
            "-r",
            "include '/usr/share/wordpress/wp-includes/version.php'; echo $wp_version;",
        ],
        capture_output=True,
        text=True,
    ).stdout.strip()
    server = f"""
    server {{
        listen 127.0.0.1:{port};
        root {WORDPRESS};
        index index.php;
        location / {{ try_files $uri $uri/ /index.php?$args; }}
        location ~ \\.php$ {{
            include /etc/nginx/fastcgi_params;
            fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;
            fastcgi_param WORDPRESS_CONFIG {CONFIG_NAME};
            # Debian's fastcgi_params pass HTTP_HOST as $host, without the port: WordPress
            # would redirect every request to its home URL's host:port.
            fastcgi_param HTTP_HOST $host:$server_port;
            fastcgi_pass unix:{fpm_socket};
        }}
    }}"""
    return Running(url=url + path, nginx_server=server, version=version)
