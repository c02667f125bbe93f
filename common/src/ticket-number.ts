/** What a visitor holds: a service's prefix of one or two letters and the day's sequence, such as A012. */
export const TICKET_NUMBER = /^[A-Z]{1,2}\d{3,}$/;
