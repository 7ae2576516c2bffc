"""Scoring service for the churn model."""

import logging
import traceback

from flask import Flask, jsonify, request

app = Flask(__name__)
logger = logging.getLogger(__name__)


def load_features(payload):
    try:
        return build_row(payload)
    except KeyError as missing:
        # not a route: the caller decides what to answer
        return f"missing field {missing}"


@app.route("/score", methods=["POST"])
def score():
    try:
        row = load_features(request.get_json())
        return jsonify({"churn": float(model.predict_proba(row)[0, 1])})
    except Exception as e:
        logger.exception("scoring failed")
        return jsonify({"error": str(e), "trace": traceback.format_exc()}), 500


@app.route("/health")
def health():
    try:
        ping_database()
    except Exception as e:
        logger.warning("database unreachable: %s", e)
        return jsonify({"status": "degraded", "reason": type(e).__name__}), 503
    return jsonify({"status": "ok"})


@app.errorhandler(500)
def internal_error(error):
    return f"Internal error: {error}", 500


if __name__ == "__main__":
    app.run(port=8080, debug=True)
