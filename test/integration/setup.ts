// Real engine runs take minutes on a shared 2-core machine; each operation has its own bounded waits.
jest.setTimeout(600000);
