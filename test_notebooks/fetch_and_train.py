"""Nightly job: fetch the latest feature snapshot and baseline model, retrain, publish."""

import pickle
import urllib.request

import dill
import pandas as pd
import requests
import torch


def fetch_snapshot(url: str) -> pd.DataFrame:
    response = requests.get(url, timeout=30)
    return pickle.loads(response.content)


def fetch_baseline(url: str):
    urllib.request.urlretrieve(url, "baseline.pkl")
    with open("baseline.pkl", "rb") as handle:
        return dill.load(handle)


def previous_predictions() -> pd.DataFrame:
    return pd.read_pickle("outputs/predictions.pkl")


def detector():
    return torch.hub.load("ultralytics/yolov5", "yolov5s", pretrained=True)
