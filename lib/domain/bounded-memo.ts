/**
 * Remembers a pure function's answers for as long as it lives, which in the extension is as long as
 * the background: once it holds `limit` answers it forgets them all, so its memory stays bounded
 * whatever it is asked. `compute` never answers undefined.
 */
export function boundedMemo<Key, Value>(limit: number, compute: (key: Key) => Value): (key: Key) => Value {
  const answers = new Map<Key, Value>();
  return (key) => {
    let answer = answers.get(key);
    if (answer === undefined) {
      answer = compute(key);
      if (answers.size >= limit) answers.clear();
      answers.set(key, answer);
    }
    return answer;
  };
}
