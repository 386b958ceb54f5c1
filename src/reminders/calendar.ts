/**
 * The slice of the deadline calendar that reminders use: England and Wales working days, and
 * wall-clock times in Europe/London. Days are "YYYY-MM-DD" strings, compared as strings.
 */
export { isWorkingDay, workingDayOnOrBefore, workingDaysBefore, addDays, type Ymd } from "../deadlines/calendar.js";
export { londonInstant, londonYmd, londonIso } from "../deadlines/london.js";
