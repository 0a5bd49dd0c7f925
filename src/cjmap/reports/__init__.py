"""Output formats of the commands that report analysis results, one package per command."""
