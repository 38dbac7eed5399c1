# sobhxh: the two commands a fresh clone needs are `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
BOOKS ?= 200000
SEED ?= 112
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install demo serve test lint check-migrations check-translations check format ci bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)
	$(BIN)/python -m sobhxh.i18n

demo: install
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py generate_demo --books $(BOOKS) --seed $(SEED) --skip-if-loaded
	$(BIN)/python manage.py setup_portal --verbosity 0
	$(BIN)/python manage.py create_demo_user
	@echo
	@echo "  Cổng thông tin / public portal: http://$(HOST):$(PORT)/   (tra cứu sổ / a worker's book: /tra-cuu/)"
	@echo "  Cán bộ / staff: http://$(HOST):$(PORT)/staff/   CMS: /cms/   quản trị / admin: /admin/"
	@echo "  Đăng nhập / Log in, mật khẩu / password demo-112 (demo also edits the portal in /cms/):"
	@echo "    demo (trung ương / centre), demo-tinh (BHXH TP. Hồ Chí Minh),"
	@echo "    demo-huyen (BHXH huyện / district), demo-donvi (đơn vị / employer)"
	@echo
	@# The background worker runs uploaded files (and the CMS's search index), quietly; it
	@# stops with the server.
	$(BIN)/python manage.py db_worker --no-startup-delay --verbosity 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# As in production: gunicorn (deploy/gunicorn.conf.py) and the background worker, static
# files collected with hashed, compressed names and served by WhiteNoise. The environment
# is the shell's, or ENV_FILE's (e.g. ENV_FILE=/etc/sobhxh/sobhxh.env); BIND=host:port.
ENV_FILE ?=
serve: install
	@set -a; if [ -n "$(ENV_FILE)" ]; then . "$(abspath $(ENV_FILE))"; fi; set +a; \
	export STATIC_MANIFEST=$${STATIC_MANIFEST:-1} BIND=$${BIND:-$(HOST):$(PORT)}; \
	$(BIN)/python manage.py migrate --no-input && \
	$(BIN)/python manage.py setup_portal --verbosity 0 && \
	$(BIN)/python manage.py collectstatic --no-input --verbosity 0 && \
	echo "  sobhxh (gunicorn): http://$$BIND/" && \
	{ $(BIN)/python manage.py db_worker --no-startup-delay & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(BIN)/gunicorn -c deploy/gunicorn.conf.py sobhxh.wsgi; }

# On every core (pytest-xdist): each worker has a test database of its own.
test: install
	$(BIN)/pytest -n auto

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Every model change has its migration.
check-migrations: install
	$(BIN)/python manage.py makemigrations --check --dry-run

# Every string the code uses is translated in Vietnamese, and no catalogue entry is fuzzy.
check-translations: install
	$(BIN)/python -m sobhxh.i18n --check

# What a reviewer would check by hand, besides the tests; .ci/run runs it too.
check: lint check-migrations check-translations

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

ci:
	.ci/run

bench: install
	bench/core.sh

clean:
	rm -rf $(VENV) *.egg-info bench/out
	find . -name __pycache__ -prune -exec rm -rf {} +
