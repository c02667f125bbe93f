/** Device drivers, transports and simulators for hall terminals. */
export {};
