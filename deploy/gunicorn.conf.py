"""gunicorn's settings for sobhxh: `gunicorn -c deploy/gunicorn.conf.py sobhxh.wsgi`.

Each knob can be changed through the environment: BIND, WEB_CONCURRENCY (processes),
WEB_THREADS (threads each) and WEB_TIMEOUT (seconds).
"""

import gc
import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
# Two processes a core (one waits on the database while the other works), at most 8.
workers = int(os.environ.get("WEB_CONCURRENCY") or min(2 * multiprocessing.cpu_count() + 1, 8))
# Threads, so that a slow client or a long download does not hold a whole process.
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS") or 4)
# The longest requests are documents of a whole employer (thousands of workers) and
# exports of an office's figures; imports run in the background worker, not here.
timeout = int(os.environ.get("WEB_TIMEOUT") or 120)
graceful_timeout = 30
keepalive = 5
# A fresh process now and then bounds whatever memory a process may hold on to.
max_requests = 2000
max_requests_jitter = 200
# Load the application once, before forking: less memory, and a start that fails at once.
preload_app = True

# What the application loads lives as long as the process. Frozen before the fork, it is
# never scanned again by the garbage collector, whose full collection of its ~350,000
# objects added 110-160 ms to whichever request it fell in (the national summary of a
# campaign month at 15 M books, 6 runs of 40 requests: the slowest 78-230 ms without,
# 78-94 ms frozen). The collector is off in the master until then, so that no freed
# holes split the memory the workers share (as the `gc.freeze` documentation advises).
gc.disable()


def when_ready(server):
    gc.freeze()  # after the application is loaded (preload_app), before any worker


def post_fork(server, worker):
    gc.enable()


# Access log to standard output (the journal), with the client's address from the proxy.
accesslog = "-"
access_log_format = '%({x-forwarded-for}i)s %(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'
