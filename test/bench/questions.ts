/** The questions the http benchmarks send, in turn: each kind of answer, each authority. */
export const QUESTIONS: [string, string][] = [
  ["luton", "13yo missing 3 times this month, older bf picks her up, mum says she's fine"],
  ["luton", "luton MASH phone number?"],
  ["milton-keynes", "strat discussion 18/12/26 where we agreed s47 enquiries - when's the ICPC due by?"],
  ["milton-keynes", "toddler with unexplained bruising to the face, dad says he fell"],
  ["oldham", "oldham EDT number?"],
  ["bracknell-forest", "email for early help referrals in bracknell forest?"],
  ["luton", "help"],
  ["milton-keynes", "parents say their 6yo basically does what she wants, no routine at home"],
];
