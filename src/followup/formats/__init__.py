"""Documents in and out: the customer's plan as Markdown, HTML, iCalendar and PDF."""
