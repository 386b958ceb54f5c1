/** Working-day calendar, timescale rules and date reading: a rule and a start in, a Deadline out. */
export { isWorkingDay, addWorkingDays, workingDaysBefore, workingDayOnOrBefore, bankHoliday, addDays, addMonths, longDate, isValidYmd, type Ymd } from "./calendar.js";
export { BANK_HOLIDAYS_FILE, BANK_HOLIDAY_YEARS, bankHolidayTable, readBankHolidayTable } from "./calendar.js";
export { deadlineFor, describe, compute, unitWords, CONVENTION, type Start } from "./rules.js";
export { londonInstant, londonIso, londonYmd } from "./london.js";
export { readDate, readDates, chooseRule, asksForDeadline, asksForLatest, elapsedWords, fold, segments, type DateReading } from "./question.js";
