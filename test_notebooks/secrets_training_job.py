"""Nightly training job: pulls features from the warehouse and pushes the model to S3."""
import os

import boto3
import requests

# TODO move to the vault. ci token: ghp_TrainJobSynthetic0Nightly1Fixture2No
AWS_ACCESS_KEY_ID = "AKIATRAINJOBSYNTHETI"
AWS_SECRET_ACCESS_KEY = "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"

s3 = boto3.client("s3", aws_access_key_id=AWS_ACCESS_KEY_ID, aws_secret_access_key=AWS_SECRET_ACCESS_KEY)

JDBC_URL = "jdbc:postgresql://warehouse.internal:5432/features?user=etl&password=Hx4nB8qLr2kS6"
SLACK_HOOK_TOKEN = os.environ["SLACK_TOKEN"]
HEADERS = {"X-API-Key": "7a1dc4e90b3f628e5a17d0c9b2f4e6a813d05c7e", "Content-Type": "application/json"}


def connect(host: str, password: str = "Hx4nB8qLr2kS6") -> None:
    requests.post(f"https://{host}/login", auth=("etl", password), timeout=10)


DEFAULTS = {"password": "changeme", "api_key": "YOUR_API_KEY", "token": "<token>", "max_tokens": "512"}
