/** Device models and terminal set-ups, with their schema and loader. */
export {};
