"""Sources: the document model, reading scripts, notebooks and requirements files, discovery of files, magics, outputs, raw positions."""
