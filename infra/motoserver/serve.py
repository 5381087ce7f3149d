# Runs moto in server mode with each DynamoDB request handled under one lock.
#
# moto checks a DynamoDB condition and writes the item without a lock between the two, so two
# concurrent conditional writes can both pass — which real DynamoDB never allows. Serialising
# DynamoDB requests gives each the atomicity DynamoDB gives every item operation, while clients
# still race between requests (where the product's own races are). Other services stay
# concurrent: a long SQS poll or a 100 MB S3 upload must not stall the table.
import sys
import threading

from werkzeug.serving import run_simple

from moto.moto_server.werkzeug_app import (
    DomainDispatcherApplication,
    MotoRequestHandler,
    create_backend_app,
)

host, port = sys.argv[1], int(sys.argv[2])
app = DomainDispatcherApplication(create_backend_app)
lock = threading.Lock()


def serialised(environ, start_response):
    if not environ.get("HTTP_X_AMZ_TARGET", "").startswith("DynamoDB_"):
        return app(environ, start_response)
    with lock:
        # Read the whole answer inside the lock: WSGI bodies may be lazy.
        return list(app(environ, start_response))


run_simple(host, port, serialised, threaded=True, request_handler=MotoRequestHandler)
