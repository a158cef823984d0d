// Integration tests talk to a real broker and databases; starting and stopping them takes time.
jest.setTimeout(180_000);
