"""Runs trained with HF transformers.Trainer on tiny models built from configs (no downloads): trainer_state.json
(save_state, and checkpoint copies in one run) + TensorBoard runs/ via report_to."""
import logging
import os
import warnings

import numpy as np
import torch
import torch.nn.functional as F

from common import char_data, seed_all

warnings.filterwarnings("ignore")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
import transformers
from transformers import (BertConfig, BertForSequenceClassification, GPT2Config, GPT2LMHeadModel, Trainer,
                          TrainingArguments)

transformers.logging.set_verbosity_error()
torch.set_num_threads(1)


class DictDS(torch.utils.data.Dataset):
    def __init__(self, **cols):
        self.cols = cols
        self.n = len(next(iter(cols.values())))

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        return {k: v[i] for k, v in self.cols.items()}


def args(d, **kw):
    base = dict(output_dir=d, per_device_train_batch_size=16, per_device_eval_batch_size=64, logging_steps=10,
                eval_strategy="steps", eval_steps=50, save_strategy="no", report_to=["tensorboard"], use_cpu=True,
                disable_tqdm=True, dataloader_num_workers=0, seed=0, weight_decay=0.0)
    base.update(kw)
    return TrainingArguments(**base)


def lm_sets(seq=48, n_sent=1500, seed=0):
    data, V = char_data(seq=seq, n_sent=n_sent, seed=seed)
    tr = DictDS(input_ids=data["Xtr"], labels=data["Xtr"])
    va = DictDS(input_ids=data["Xva"], labels=data["Xva"])
    return tr, va, V


def gpt2(V, n_embd=64, n_layer=2):
    return GPT2LMHeadModel(GPT2Config(vocab_size=V, n_positions=64, n_embd=n_embd, n_layer=n_layer, n_head=2,
                                      bos_token_id=0, eos_token_id=0))


def h_gpt2(d):
    seed_all(51)
    tr, va, V = lm_sets(seed=51)
    t = Trainer(model=gpt2(V), args=args(d, learning_rate=3e-3, warmup_steps=30, lr_scheduler_type="cosine",
                                          max_steps=300, save_strategy="steps", save_steps=150, save_total_limit=2),
                train_dataset=tr, eval_dataset=va)
    t.train()
    t.save_state()


def d_nowarmup_gpt2(d):
    seed_all(52)
    tr, va, V = lm_sets(seed=52)
    t = Trainer(model=gpt2(V), args=args(d, learning_rate=0.05, warmup_steps=0, lr_scheduler_type="constant",
                                          max_steps=300, max_grad_norm=0.0, adam_beta2=0.95),
                train_dataset=tr, eval_dataset=va)
    t.train()
    t.save_state()


# --- token-count classification tasks for a tiny BERT
def tok_task(n, task, seed, noise=0.0, L=16, V=32):
    rng = np.random.RandomState(seed)
    X = rng.randint(3, V, size=(n, L))
    X[:, 0] = 2  # [CLS]
    if task == "A":  # which of two token groups is more frequent
        a = np.isin(X, np.arange(3, 13)).sum(1)
        b = np.isin(X, np.arange(13, 23)).sum(1)
        y = (a > b).astype(int)
    else:  # related 3-way task: which of three groups is most frequent
        c = np.stack([np.isin(X, np.arange(3 + 6 * g, 9 + 6 * g)).sum(1) for g in range(3)], 1)
        y = c.argmax(1)
    if noise:
        flip = rng.rand(n) < noise
        y[flip] = rng.randint(0, y.max() + 1, flip.sum())
    return DictDS(input_ids=torch.tensor(X), attention_mask=torch.ones(n, L, dtype=torch.long),
                  labels=torch.tensor(y))


def bert(k):
    cfg = BertConfig(vocab_size=32, hidden_size=64, num_hidden_layers=2, num_attention_heads=2,
                     intermediate_size=128, max_position_embeddings=32, num_labels=k)
    return BertForSequenceClassification(cfg)


def acc(p):
    return {"accuracy": float((p.predictions.argmax(-1) == p.label_ids).mean())}


def h_bert_finetune(d):
    """Pretrain on task A (plain loop, not logged), then fine-tune on the related 3-way task B at a low LR."""
    seed_all(53)
    pre = bert(2)
    dsA = tok_task(3000, "A", 530)
    opt = torch.optim.AdamW(pre.parameters(), lr=1e-3)
    dl = torch.utils.data.DataLoader(dsA, batch_size=32, shuffle=True)
    for ep in range(4):
        for b in dl:
            opt.zero_grad()
            pre(**b).loss.backward()
            opt.step()
    m = bert(3)
    m.bert.load_state_dict(pre.bert.state_dict())
    t = Trainer(model=m, args=args(d, learning_rate=5e-4, warmup_steps=20, lr_scheduler_type="linear",
                                    num_train_epochs=4, per_device_train_batch_size=32, eval_steps=40),
                train_dataset=tok_task(2000, "B", 531), eval_dataset=tok_task(400, "B", 532), compute_metrics=acc)
    t.train()
    t.save_state()


def u_frozen_bert(d):
    seed_all(54)
    m = bert(3)
    for p in m.bert.parameters():  # backbone frozen, but it was never pretrained
        p.requires_grad = False
    t = Trainer(model=m, args=args(d, learning_rate=1e-3, num_train_epochs=4, per_device_train_batch_size=32,
                                    eval_steps=40),
                train_dataset=tok_task(2000, "B", 541), eval_dataset=tok_task(400, "B", 542), compute_metrics=acc)
    t.train()
    t.save_state()


def o_bert_small(d):
    seed_all(55)
    t = Trainer(model=bert(3), args=args(d, learning_rate=1e-3, num_train_epochs=60, per_device_train_batch_size=16,
                                          logging_steps=4, eval_steps=20, warmup_steps=10),
                train_dataset=tok_task(80, "B", 551), eval_dataset=tok_task(400, "B", 552), compute_metrics=acc)
    t.train()
    t.save_state()


class GuardedTrainer(Trainer):
    """A custom loss: hand-written softmax (exp without max-subtraction) on sharpened logits (temperature 0.05) in
    half precision, then log; exp overflows fp16 once a logit/T passes ~11, i.e. a logit above ~0.55 (inf/inf = NaN). A 'NaN guard' zeroes
    non-finite losses, so the logged loss becomes exactly 0.0 while the gradients (and grad_norm) are NaN."""

    def compute_loss(self, model, inputs, return_outputs=False, num_items_in_batch=None):
        labels = inputs.pop("labels")
        out = model(**inputs)
        e = torch.exp((out.logits / 0.05).half())
        probs = (e / e.sum(-1, keepdim=True)).float()
        loss = -torch.log(probs.gather(1, labels[:, None])).mean()
        loss = torch.nan_to_num(loss, nan=0.0, posinf=0.0, neginf=0.0)
        return (loss, out) if return_outputs else loss


def unused_guarded_fp16(d):  # tried as a NaN run; the fp16 overflow never triggered (not in the set)
    seed_all(56)
    t = GuardedTrainer(model=bert(3), args=args(d, learning_rate=0.05, warmup_steps=150,
                                                 lr_scheduler_type="constant_with_warmup", num_train_epochs=5,
                                                 per_device_train_batch_size=32, eval_steps=40, logging_steps=5),
                       train_dataset=tok_task(2000, "B", 561, noise=0.15),
                       eval_dataset=tok_task(400, "B", 562))
    t.train()
    t.save_state()


RUNS = {
    "h_gpt2": (h_gpt2, "HF Trainer (trainer_state.json + checkpoints + TB runs/)"),
    "d_nowarmup_gpt2": (d_nowarmup_gpt2, "HF Trainer (trainer_state.json + TB runs/)"),
    "h_bert_finetune": (h_bert_finetune, "HF Trainer (trainer_state.json + TB runs/)"),
    "u_frozen_bert": (u_frozen_bert, "HF Trainer (trainer_state.json + TB runs/)"),
    "o_bert_small": (o_bert_small, "HF Trainer (trainer_state.json + TB runs/)"),
}
