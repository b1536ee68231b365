/**
 * Given names and the nicknames or short forms banks and users commonly write for them. Matching
 * treats any two names in one group as the same person's first name. Lower case, no punctuation.
 */
export const NICKNAME_GROUPS: readonly (readonly string[])[] = [
  ['alberta', 'bert', 'bertie', 'allie', 'berta'],
  ['albert', 'al', 'bert', 'bertie'],
  ['alexander', 'alex', 'alec', 'sandy', 'xander', 'lex'],
  ['alexandra', 'alex', 'alexa', 'sandra', 'sandy', 'lexi'],
  ['andrew', 'andy', 'drew'],
  ['anthony', 'tony', 'ant'],
  ['barbara', 'barb', 'babs', 'barbie'],
  ['benjamin', 'ben', 'benny', 'benji'],
  ['catherine', 'cathy', 'cat', 'kate', 'katie', 'cate'],
  ['charles', 'charlie', 'chuck', 'chas', 'chaz'],
  ['christopher', 'chris', 'kit', 'topher'],
  ['christine', 'chris', 'chrissy', 'tina'],
  ['daniel', 'dan', 'danny'],
  ['david', 'dave', 'davey'],
  ['deborah', 'deb', 'debbie', 'debra'],
  ['donald', 'don', 'donny'],
  ['dorothy', 'dot', 'dottie', 'dolly'],
  ['edward', 'ed', 'eddie', 'ted', 'teddy', 'ned'],
  ['elizabeth', 'liz', 'lizzie', 'beth', 'betty', 'eliza', 'libby', 'betsy', 'bess'],
  ['francis', 'frank', 'fran'],
  ['frances', 'fran', 'frannie'],
  ['gabriel', 'gabe'],
  ['gregory', 'greg'],
  ['henry', 'hank', 'harry', 'hal'],
  ['isabella', 'bella', 'izzy', 'isa'],
  ['james', 'jim', 'jimmy', 'jamie'],
  ['jennifer', 'jen', 'jenn', 'jenny'],
  ['john', 'jack', 'johnny', 'jon'],
  ['jonathan', 'jon', 'jonny', 'nathan'],
  ['joseph', 'joe', 'joey'],
  ['katherine', 'kathy', 'kate', 'katie', 'kat', 'kathryn'],
  ['lawrence', 'larry'],
  ['margaret', 'maggie', 'meg', 'peggy', 'marge', 'greta'],
  ['matthew', 'matt', 'matty'],
  ['michael', 'mike', 'mikey', 'mick'],
  ['nicholas', 'nick', 'nicky', 'nico'],
  ['olivia', 'liv', 'livvy', 'ollie'],
  ['patricia', 'pat', 'patty', 'trish', 'tricia'],
  ['patrick', 'pat', 'paddy', 'rick'],
  ['peter', 'pete'],
  ['rebecca', 'becky', 'becca', 'bex'],
  ['richard', 'rich', 'rick', 'ricky', 'dick'],
  ['robert', 'rob', 'robbie', 'bob', 'bobby', 'bert'],
  ['ronald', 'ron', 'ronnie'],
  ['samantha', 'sam', 'sammy'],
  ['samuel', 'sam', 'sammy'],
  ['stephen', 'steve', 'stevie', 'steven'],
  ['susan', 'sue', 'suzy', 'susie'],
  ['theodore', 'ted', 'teddy', 'theo'],
  ['thomas', 'tom', 'tommy'],
  ['timothy', 'tim', 'timmy'],
  ['victoria', 'vicky', 'tori', 'vic'],
  ['william', 'will', 'bill', 'billy', 'liam', 'willy'],
];

/** Lookup: name → every name in a group it belongs to. */
export const NICKNAMES: ReadonlyMap<string, ReadonlySet<string>> = (() => {
  const map = new Map<string, Set<string>>();
  for (const group of NICKNAME_GROUPS)
    for (const name of group) {
      const set = map.get(name) ?? new Set<string>();
      for (const other of group) if (other !== name) set.add(other);
      map.set(name, set);
    }
  return map;
})();
