"""Sources: the document model, reading scripts, notebooks and requirements files into Documents,
discovery of files, magics, outputs and raw notebook positions."""
