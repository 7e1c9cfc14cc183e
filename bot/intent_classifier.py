"""The intent classifier the engine runs (config.yml): a logistic regression over tf-idf
weighted word (1-2) and character (2-5) n-grams of the message.

Rasa's own LogisticRegressionClassifier sees raw counts with a fixed C=1. Counts let one
frequent character n-gram ("skip", "no") outweigh the sentence, and its probabilities
were confidently wrong on messages nobody trained it for ("no overtime money till next
fiscal year" -> skip_step at 0.98). Sublinear tf-idf with C chosen by 5-fold
cross-validation on the training data alone scored higher on all three test sets and
made fewer confident mistakes; docs/nlu-pipelines.md has the comparison.

This module is loaded by the engine (Rasa's Python), not the app: it imports only Rasa
and scikit-learn."""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

WORD_TOKENS = r"(?u)\b\w[\w']*\b"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class TfidfIntentClassifier(IntentClassifier, GraphComponent):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"C": 30.0, "word_ngrams": [1, 2], "char_ngrams": [2, 5], "max_iter": 3000, "ranking_length": 10}

    @staticmethod
    def required_packages() -> list[str]:
        return ["sklearn"]

    def __init__(self, config: dict[str, Any], model_storage: ModelStorage, resource: Resource) -> None:
        self.config = {**self.get_default_config(), **config}
        self._model_storage, self._resource = model_storage, resource
        self.words = TfidfVectorizer(sublinear_tf=True, token_pattern=WORD_TOKENS,
                                     ngram_range=tuple(self.config["word_ngrams"]))
        self.chars = TfidfVectorizer(sublinear_tf=True, analyzer="char_wb", ngram_range=tuple(self.config["char_ngrams"]))
        self.model = LogisticRegression(C=self.config["C"], class_weight="balanced", max_iter=self.config["max_iter"],
                                        random_state=42)

    @classmethod
    def create(cls, config, model_storage, resource, execution_context: ExecutionContext) -> TfidfIntentClassifier:
        return cls(config, model_storage, resource)

    def _features(self, texts: list[str]):
        return hstack([self.words.transform(texts), self.chars.transform(texts)]).tocsr()

    def train(self, training_data: TrainingData) -> Resource:
        examples = [e for e in training_data.intent_examples if e.get(INTENT) and e.get(TEXT)]
        texts = [e.get(TEXT).lower() for e in examples]
        self.words.fit(texts)
        self.chars.fit(texts)
        self.model.fit(self._features(texts), [e.get(INTENT) for e in examples])
        self.persist()
        return self._resource

    def process(self, messages: list[Message]) -> list[Message]:
        if not messages:
            return messages
        probabilities = self.model.predict_proba(self._features([(m.get(TEXT) or "").lower() for m in messages]))
        for message, row in zip(messages, probabilities):
            ranking = sorted(({"name": str(name), "confidence": float(p)} for name, p in zip(self.model.classes_, row)),
                             key=lambda entry: -entry["confidence"])
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set("intent_ranking", ranking[: self.config["ranking_length"]], add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data

    def persist(self) -> None:
        import skops.io as sio

        for vectorizer in (self.words, self.chars):
            # CVE-2024-5206: stop_words_ would keep training tokens in the saved model
            # (requirements/advisories.md); transforming never reads it.
            if hasattr(vectorizer, "stop_words_"):
                del vectorizer.stop_words_
        with self._model_storage.write_to(self._resource) as model_dir:
            sio.dump({"words": self.words, "chars": self.chars, "model": self.model}, model_dir / "classifier.skops")

    @classmethod
    def load(cls, config, model_storage, resource, execution_context, **kwargs) -> TfidfIntentClassifier:
        import skops.io as sio

        component = cls(config, model_storage, resource)
        try:
            with model_storage.read_from(resource) as model_dir:
                path = model_dir / "classifier.skops"
                saved = sio.load(path, trusted=sio.get_untrusted_types(file=path))  # written by train() above
        except ValueError:  # not trained (no intents): an untrained classifier predicts nothing
            return component
        component.words, component.chars, component.model = saved["words"], saved["chars"], saved["model"]
        return component
