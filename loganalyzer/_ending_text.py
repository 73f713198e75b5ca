"""The words of ``ending``: a one-line summary and the advice for each way a job ends."""
from __future__ import annotations


def _at(ended) -> str:
    if ended.step is None:
        return " before any loss was printed"  # a bare tqdm bar (11/50, no loss) is progress of a kind
    total = ended.detail.get("total")
    unit = ended.detail.get("unit", "step")  # "epoch": a printed ``Epoch N/M`` (one-based as printed)
    if total and total >= ended.step:
        return f" at {unit} {ended.step:,} of {total:,} ({100 * ended.step / total:.0f}%)"
    return f" at {unit} {ended.step:,}"


def _who(ended) -> str:
    parts = []
    if ended.rank is not None:
        parts.append(f"rank {ended.rank}")
    if ended.node:
        parts.append(f"node {ended.node}")
    return f" on {', '.join(parts)}" if parts else ""


_WHAT = {
    "completed": "completed",
    "cuda_oom": "ran out of GPU memory",
    "host_oom": "ran out of host memory (killed by the OOM killer)",
    "nccl_timeout": "hung in a collective until the NCCL watchdog timed out",
    "time_limit": "was stopped at its time limit",
    "cancelled": "was cancelled",
    "preempted": "was preempted",
    "node_failure": "lost a node",
    "segfault": "crashed with a segmentation fault",
    "illegal_memory_access": "crashed on a CUDA illegal memory access",
    "nan_abort": "stopped because the loss became NaN/Inf",
    "python_exception": "died of a Python exception",
    "dataloader_killed": "lost a DataLoader worker",
    "disk_full": "ran out of disk space",
    "unknown": "ended without a sign of how (still running, or cut off)",
}


def summary_for(ended) -> str:
    what = _WHAT[ended.cause]
    if ended.cause == "python_exception" and ended.exception:
        what = f"died of {ended.exception}"
    detail = ended.detail
    if ended.cause == "cuda_oom" and detail.get("allocation"):
        what += f" allocating {detail['allocation']}"
    if ended.cause == "completed" and detail.get("early_stopping"):
        what = "completed (stopped early by EarlyStopping)"
        if detail.get("threshold") == "divergence":  # Lightning's divergence_threshold: stopped as diverged
            what = f"stopped by EarlyStopping's divergence threshold ({detail.get('reached', '')})"
        elif detail.get("threshold") == "stopping":  # the stopping_threshold: the target was met
            what = f"completed (EarlyStopping's stopping threshold reached: {detail.get('reached', '')})"
        return what + (f" at {detail.get('unit', 'step')} {ended.step:,}" if ended.step is not None else "")
    if ended.cause == "nccl_timeout" and detail.get("collective"):
        what += f" ({detail['collective']} #{detail.get('seq', '?')})"
    if ended.cause == "dataloader_killed" and detail.get("signal"):
        what += f" ({detail['signal']})"
    if detail.get("after_completion"):  # in the script's own code after train() (results not saved), or an OOM /
        # hang while testing the best model after an early stop (brk62 R1)
        what += " after the training had " + ("stopped early" if detail.get("early_stopping") else "completed")
    if ended.cause == "cancelled" and detail.get("signal"):
        what += f" (by signal {detail['signal']})"  # Slurm's ``DUE to SIGNAL Terminated``
    total = detail.get("total")
    if ended.cause == "completed" and ended.step is not None and total and ended.step < total:
        # newcomer33 #5: an HF job whose bar ran 352/352 logged its last loss at 340: "completed at step 340 of 352
        # (97%)" read as a job stopped short; the job completed, its last logged progress is the step
        return f"completed; its last progress logged at {detail.get('unit', 'step')} {ended.step:,} of {total:,}"
    if ended.cause == "unknown" and detail.get("scheduler") is False:  # a plain script's log that simply stops
        what = "ending not recorded (the log stops with no final line, and shows no batch scheduler to ask)"
    text = what + ("" if ended.cause == "unknown" else _at(ended)) + ("" if ended.cause == "completed" else _who(ended))
    text += _last_line(ended)
    if ended.cause == "unknown" and ended.step is not None:
        total = ended.detail.get("total")
        text += f"; the last progress was {ended.detail.get('unit', 'step')} {ended.step:,}" + (
            f" of {total:,} planned ({100 * ended.step / total:.0f}%)" if total and total > ended.step else "")
    if ended.cause == "unknown" and detail.get("cut_inside"):  # an open bar, an epoch counter short of its total
        text += f"; the log stops inside the training ({detail['cut_inside']})"
    if ended.stopped_by:
        text += f", then {_WHAT[ended.stopped_by]}"
    return text


def _last_line(ended) -> str:
    """': "FileNotFoundError: [Errno 2] No such file or directory: 'x.png'"': the last line of the traceback (the
    exception and its message, as Python prints it), for a job that died of a Python exception whose message the
    ending read (``detail['message']``); empty when there is none or when ``exception`` already holds it (a
    tracker's recorded error). What failed is in that line, not in the exception's class name alone."""
    message = (ended.detail or {}).get("message") if ended.cause == "python_exception" else None
    if not message or not ended.exception or ":" in ended.exception or ended.detail.get("argparse"):
        return ""
    line = f"{ended.exception}: {message}"
    return f': "{line if len(line) <= 160 else line[:159] + "…"}"'


def advice_for(ended) -> tuple[str, ...]:
    d = ended.detail
    cause = ended.cause
    at = _at(ended).strip()
    if cause == "cuda_oom":
        what = f"CUDA ran out of memory {at}" + (f" allocating {d['allocation']}" if d.get("allocation") else "")
        if d.get("capacity"):
            what += f" on GPU {d['gpu']} ({d['capacity']} total, {d['free']} free)"
        out = [what + ": lower the per-device batch size (keep the effective batch with gradient accumulation), "
               "turn on activation checkpointing (model.gradient_checkpointing_enable(), torch.utils.checkpoint) "
               "and train in bf16/fp16."]
        if d.get("reserved_unallocated"):
            out.append(f"{d['reserved_unallocated']} was reserved by PyTorch but unallocated (fragmentation): set "
                       "PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True.")
        return tuple(out)
    if cause == "host_oom":
        return ("The host's memory ran out and the kernel killed the job: ask for more (--mem, --mem-per-cpu), use "
                "fewer DataLoader workers (each holds a copy of the dataset) and memory-map or stream the data "
                "instead of loading it whole.",)
    if cause == "nccl_timeout":
        op = f" {d['collective']} (SeqNum {d['seq']})" if d.get("collective") else ""
        ms = f" after {d['timeout_ms']:,} ms" if d.get("timeout_ms") else ""
        first = f"rank {ended.rank} reported it first" if ended.rank is not None else "the first rank is not known"
        return (f"The collective{op} timed out{ms}; {first}: a rank stalled or died before reaching it. Look for an "
                "earlier error in every rank's log, make all ranks run the same collectives in the same order "
                "(data-dependent branches, uneven last batches: drop_last=True), and rerun with NCCL_DEBUG=INFO; "
                "raise init_process_group(timeout=...) only for long checkpoint saves or I/O.",)
    if cause == "time_limit":
        return (f"The scheduler stopped the job at its time limit {at}: checkpoint regularly and resume (requeue on "
                "a warning signal: #SBATCH --signal=USR1@120 --requeue; Lightning's SLURMEnvironment(auto_requeue="
                "True)), or ask for more time (--time).",)
    if cause == "preempted":
        return (f"The scheduler preempted the job {at}: make it resumable (checkpoint often, --requeue) and resume "
                "from the latest checkpoint.",)
    if cause == "cancelled":
        return (f"The job was cancelled {at} (scancel, Ctrl-C or SIGTERM): nothing in the log says the training "
                "itself failed.",)
    if cause == "node_failure":
        node = f" ({ended.node})" if ended.node else ""
        return (f"A node failed{node}: not the training's fault. Resubmit excluding it (--exclude) and resume from "
                "the last checkpoint.",)
    if cause == "segfault":
        return ("Native code crashed (segmentation fault): usually mismatched CUDA/NCCL/torch builds or a C "
                "extension bug. Rerun with PYTHONFAULTHANDLER=1 for the Python stack, and with num_workers=0 to "
                "rule out the DataLoader.",)
    if cause == "illegal_memory_access":
        return ("A CUDA kernel failed (illegal memory access / device-side assert). CUDA reports it "
                "asynchronously: rerun with CUDA_LAUNCH_BLOCKING=1 to find the kernel; a device-side assert is "
                "usually an index out of range (labels >= number of classes, token ids >= vocabulary size).",)
    if cause == "nan_abort":
        step = d.get("first_nonfinite_step")
        where = f" (the first NaN/Inf printed at {d.get('unit', 'step')} {step:,})" if step is not None else ""
        return (f"Training stopped on a NaN/Inf loss {at}{where}: lower the learning rate or add warmup, clip "
                "gradients (max_norm=1.0), check the inputs for NaN/Inf, and prefer bf16 to fp16 (or use a loss "
                "scaler).",)
    if cause == "python_exception" and d.get("argparse"):
        return ("The job stopped at start-up on a command-line error (argparse, exit status 2): fix the argument "
                "the quoted line names and launch it again.",)
    if cause == "python_exception":
        name = ended.exception or "an exception"
        return (f"The job died of {name} {at}: the decisive lines above are its traceback; fix it and resume from "
                "the last checkpoint.",)
    if cause == "dataloader_killed":
        return ("A DataLoader worker was killed: most often the host memory (each worker holds a copy of the "
                "dataset) or a too small /dev/shm (a Bus error): lower num_workers, enlarge /dev/shm "
                "(docker --shm-size), keep the Dataset's data in numpy arrays rather than Python lists.",)
    if cause == "disk_full":
        return ("The disk filled up: free space or write checkpoints elsewhere, keep fewer of them "
                "(save_total_limit), and check your quota (Disk quota exceeded).",)
    if cause == "unknown" and d.get("scheduler") is False:
        return ()  # no scheduler in the log: nothing to ask sacct about (newcomer41)
    if cause == "unknown":
        return ("The log ends without a sign of how the job ended: it may still be running or have been cut off; "
                "ask the scheduler (sacct -j JOBID -o State,ExitCode,Elapsed).",)
    return ()
