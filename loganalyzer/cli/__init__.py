"""The ``loganalyzer`` command: a thin shell over ``loganalyzer.scan.scan`` and ``loganalyzer.render``.

Exit status (``scan``; ``report`` uses 0 and 2): 0 the scan ran and no run matched ``--fail-on``; 1 a run matched
``--fail-on`` (and nothing else gives 1); 2 a usage mistake (bad flag value, path that does not exist, unusable
config, ``-o`` extension that names no format), nothing to scan (no runs found, or none could be read), or an error
that stopped the command (one line on stderr); 3 with ``--strict``, some files could not be read (1 wins when a run
also matched); 130 interrupted (Ctrl-C, SIGINT). A bug shows its traceback and exits 2 too. Set LOGANALYZER_DEBUG=1 to get the Python traceback
instead of the one-line message.

Settings: ``--config FILE``, else the nearest ``loganalyzer.toml`` / ``[tool.loganalyzer]`` at or above the first
PATH (keys ``train_series``, ``val_series``, ``num_classes``, ``chance_loss``, ``rules_only``, ``replay``, ``model``,
``data``, ``loss``); command-line flags win over the file. ``--details``, the JSON (``config``, ``options``) and the
HTML report's header name the file applied and the options in force.
"""
from __future__ import annotations

import errno
import traceback

import click

from ._common import EXIT_INTERRUPTED, EXIT_USAGE, CliError, debug, os_error_line
from .cache import cache_group
from .replay import replay_command  # click only: torch is imported when a replay runs
from .report import report_command
from .scan import EXIT_CODES_HELP, scan_command
from .serve import serve_command  # fastapi is imported when the service starts

__all__ = ["main"]


class _Main(click.Group):
    """The group, with the top-level handler: user-facing failures become one line (exit 2), real bugs keep their
    traceback and exit 2 as well (1 means a run matched --fail-on, nothing else)."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except click.exceptions.NoArgsIsHelpError:
            raise  # a group without its subcommand ('loganalyzer cache'): its help, which needs the context
        except click.UsageError as error:
            error.ctx = None  # one line ('Error: Invalid value for ...'), not the usage block above it
            raise
        except (KeyboardInterrupt, click.Abort):  # Ctrl-C (or SIGINT from a CI timeout): 130, never 1
            click.echo("Aborted!", err=True)
            raise click.exceptions.Exit(EXIT_INTERRUPTED) from None
        except (click.ClickException, click.exceptions.Exit):
            raise
        except OSError as error:
            if error.errno == errno.EPIPE or debug():  # EPIPE ('| head'): click exits quietly on its own
                raise
            raise CliError(os_error_line(error)) from error
        except ValueError as error:  # OptionError included: a bad option found while scanning
            if debug():
                raise
            raise CliError(str(error)) from error
        except Exception:
            if debug():
                raise
            traceback.print_exc()  # a bug: worth its traceback, but never the exit status of a --fail-on match
            raise click.exceptions.Exit(EXIT_USAGE) from None


def _print_version(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    """``--version``: 'loganalyzer X.Y.Z' (click's version_option's line), the version looked up only then."""
    if not value or ctx.resilient_parsing:
        return
    from .. import __version__

    click.echo(f"loganalyzer {__version__}")
    ctx.exit()


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]},
             epilog=f"loganalyzer scan: {EXIT_CODES_HELP} (report: 0 or 2.)")
@click.option("--version", "-V", is_flag=True, expose_value=False, is_eager=True, callback=_print_version,
              help="Show the version and exit.")
def main() -> None:
    """Read deep-learning training logs (TensorBoard, Lightning, Keras, HuggingFace, MLflow, W&B, CSV, and what
    SLURM/Grid Engine/PBS jobs printed) and report on the runs."""


main.add_command(scan_command, name="scan")
main.add_command(report_command, name="report")  # the batch report (HTML/Markdown/CSV)
main.add_command(replay_command, name="replay")
main.add_command(cache_group, name="cache")  # loganalyzer cache info|clear
main.add_command(serve_command, name="serve")  # the HTTP API and dashboard


if __name__ == "__main__":  # pragma: no cover - `python -m loganalyzer` goes through __main__.py
    main(prog_name="loganalyzer")
