# Scale-out targets live here so the main Makefile stays readable; see README "Scale out".
# Shared services: PostgreSQL, Redis and RabbitMQ on 127.0.0.1 (ADVISOR_PG_*, ADVISOR_REDIS_*,
# ADVISOR_RABBITMQ_* override them); nginx balances on ADVISOR_SCALE_PORT (5080).
.PHONY: scale-deps run-scale test-scale

REPLICAS ?= 2
SCALE_TEST_REPLICAS ?= 1,2
SCALE_STUDENTS ?= 16
SCALE_MESSAGES ?= 10

scale-deps: ## Install nginx from Debian packages when it is missing (root)
	@command -v nginx >/dev/null 2>&1 || test -x /usr/sbin/nginx \
		|| { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null; }

run-scale: train scale-deps ## REPLICAS=N Rasa + action servers behind nginx on :5080 (PostgreSQL, Redis, RabbitMQ); Ctrl-C stops all
	$(ADVISOR) scale run --replicas $(REPLICAS)

test-scale: train scale-deps ## Load 1 and 2 replicas with concurrent students; fail on any lost, duplicated or reordered message
	$(PY) -m loadtest scale --replicas $(SCALE_TEST_REPLICAS) --students $(SCALE_STUDENTS) --messages $(SCALE_MESSAGES)

# The suite checks generated nginx configs with `nginx -t` and runs the scale test: install first.
test test-fast: scale-deps
