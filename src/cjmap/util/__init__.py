"""Small tools every room may use and that know nothing of journeys: exit codes and usage
errors, number formatting, text safety, atomic files, interrupts, the process pool, CSV
documents and git."""
