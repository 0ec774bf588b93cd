"""One function per use case: opens the transaction, calls the domain and the store."""
