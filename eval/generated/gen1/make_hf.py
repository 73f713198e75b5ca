"""HF transformers.Trainer runs with tiny models built from configs (no downloads); trainer_state.json + runs/ (TB).
Usage: python make_hf.py [name...]"""
import os, sys, time, logging, warnings
os.environ["TOKENIZERS_PARALLELISM"] = "false"
from common import *
import transformers
from transformers import (BertConfig, BertForSequenceClassification, GPT2Config, GPT2LMHeadModel, Trainer,
                          TrainingArguments)
transformers.logging.set_verbosity_error()
warnings.filterwarnings("ignore")

RUNS_ = {}
def run(name):
    def deco(f):
        RUNS_[name] = f; return f
    return deco


class DS(torch.utils.data.Dataset):
    def __init__(self, items): self.items = items
    def __len__(self): return len(self.items)
    def __getitem__(self, i): return self.items[i]


def count_task(n, seed, L=16, V=12, noise=0.0):
    """label = 1 if token 3 occurs more often than token 4 (ties removed)"""
    g = torch.Generator().manual_seed(seed); out = []
    while len(out) < n:
        x = torch.randint(5, V, (L,), generator=g)
        k3, k4 = torch.randint(0, 5, (2,), generator=g).tolist()
        if k3 == k4: continue
        pos = torch.randperm(L, generator=g)
        x[pos[:k3]] = 3; x[pos[k3:k3 + k4]] = 4
        y = int(k3 > k4)
        if noise and torch.rand(1, generator=g).item() < noise: y = 1 - y
        out.append({"input_ids": torch.cat([torch.tensor([1]), x]), "attention_mask": torch.ones(L + 1, dtype=torch.long),
                    "labels": torch.tensor(y)})
    return DS(out)


def lm_data(T=64, seed=60):
    tr, va, vocab = char_text(24000, seed)
    mk = lambda s: DS([{"input_ids": s[i:i + T], "labels": s[i:i + T]} for i in range(0, len(s) - T, T // 2)])
    return mk(tr), mk(va), len(vocab)


def args(d, **kw):
    base = dict(output_dir=d, report_to=["tensorboard"], save_strategy="no", use_cpu=True, logging_steps=10,
                per_device_train_batch_size=32, per_device_eval_batch_size=128, disable_tqdm=True, seed=0,
                dataloader_num_workers=0)
    base.update(kw)
    return TrainingArguments(**base)


def go(d, model, a, tr, va):
    t = Trainer(model=model, args=a, train_dataset=tr, eval_dataset=va)
    t.train()
    t.save_state()   # writes <output_dir>/trainer_state.json


def bert(hidden=32, layers=2, dropout=0.1):
    return BertForSequenceClassification(BertConfig(vocab_size=12, hidden_size=hidden, num_hidden_layers=layers,
        num_attention_heads=2, intermediate_size=2 * hidden, max_position_embeddings=32, num_labels=2,
        hidden_dropout_prob=dropout, attention_probs_dropout_prob=dropout))


def gpt2(V, n_embd=48, n_layer=2, n_head=2):
    return GPT2LMHeadModel(GPT2Config(vocab_size=V, n_positions=64, n_embd=n_embd, n_layer=n_layer, n_head=n_head,
                                      bos_token_id=0, eos_token_id=0))


@run("hf_bert_count_cls")
def _(d):
    torch.manual_seed(60)
    go(d, bert(), args(d, learning_rate=1e-3, num_train_epochs=6, eval_strategy="epoch", warmup_steps=30,
                       lr_scheduler_type="linear", weight_decay=0.01),
       count_task(2000, 1), count_task(400, 2))


@run("hf_gpt2_char_lm")
def _(d):
    torch.manual_seed(61)
    tr, va, V = lm_data()
    go(d, gpt2(V), args(d, learning_rate=2e-3, max_steps=300, eval_strategy="steps", eval_steps=50,
                        warmup_steps=20, lr_scheduler_type="cosine", per_device_train_batch_size=16), tr, va)


@run("hf_bert_small_overfit")
def _(d):
    torch.manual_seed(62)
    go(d, bert(hidden=64, dropout=0.0), args(d, learning_rate=1e-3, num_train_epochs=60, eval_strategy="epoch",
                                            logging_steps=5, per_device_train_batch_size=16, lr_scheduler_type="constant"),
       count_task(80, 3, noise=0.15), count_task(400, 4))


@run("hf_gpt2_width4")
def _(d):
    torch.manual_seed(63)
    tr, va, V = lm_data(seed=63)
    go(d, gpt2(V, n_embd=4, n_layer=1, n_head=1), args(d, learning_rate=3e-3, max_steps=300, eval_strategy="steps",
                                                       eval_steps=50, lr_scheduler_type="constant",
                                                       per_device_train_batch_size=16), tr, va)


@run("hf_gpt2_lr_no_warmup")
def _(d):
    torch.manual_seed(64)
    tr, va, V = lm_data(seed=64)
    go(d, gpt2(V), args(d, learning_rate=0.05, max_steps=300, eval_strategy="steps", eval_steps=50,
                        lr_scheduler_type="constant", warmup_steps=0, per_device_train_batch_size=16), tr, va)


if __name__ == "__main__":
    for n in sys.argv[1:] or list(RUNS_):
        t = time.time(); d = run_dir(n); RUNS_[n](d); print(n, f"{time.time() - t:.1f}s", flush=True)
