"""The firms' desk: the firm editor, the ATECO picker, the firm's sections, vacancies."""
