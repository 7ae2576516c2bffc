"""Nightly training job: pulls features from the warehouse and pushes the model to S3."""
import os

import boto3
import requests

# TODO move to the vault. ci token: ghp_MlsafeSynthetic0Fake1Body2NotReal3De
AWS_ACCESS_KEY_ID = "AKIAMLSAFESYNTHETIC2"
AWS_SECRET_ACCESS_KEY = "MlsafeSynthetic0Fake1Body2NotReal3Demo4O"

s3 = boto3.client("s3", aws_access_key_id=AWS_ACCESS_KEY_ID, aws_secret_access_key=AWS_SECRET_ACCESS_KEY)

JDBC_URL = "jdbc:postgresql://warehouse.internal:5432/features?user=etl&password=Tq7mW2xLp9vR4"
SLACK_HOOK_TOKEN = os.environ["SLACK_TOKEN"]
HEADERS = {"X-API-Key": "3f9ce2a17b6d405c8e91f2ab07d6e4c3b1a958f0", "Content-Type": "application/json"}


def connect(host: str, password: str = "Tq7mW2xLp9vR4") -> None:
    requests.post(f"https://{host}/login", auth=("etl", password), timeout=10)


DEFAULTS = {"password": "changeme", "api_key": "YOUR_API_KEY", "token": "<token>", "max_tokens": "512"}
