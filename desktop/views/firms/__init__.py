"""The Imprese counter's widgets: the firm editor, the ATECO picker, the firm's sections."""
