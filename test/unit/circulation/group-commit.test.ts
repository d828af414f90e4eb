import t from 'tap'
import { GroupCommit } from '../../../src/circulation/sqlite/group-commit.js'
import { openSqlite } from '../../../src/store/sqlite/open.js'

t.test('operations of one turn share a commit; a failing one rolls back alone', async (t) => {
  const db = openSqlite(':memory:')
  db.exec('CREATE TABLE t (v INTEGER PRIMARY KEY)')
  const gc = new GroupCommit(db)
  const ins = db.prepare('INSERT INTO t VALUES (?)')
  const results = await Promise.allSettled([
    gc.run(() => ins.run(1).changes),
    gc.run(() => { ins.run(2); ins.run(1); return 0 }), // the second insert fails: 2 must not stay
    gc.run(() => ins.run(3).changes),
  ])
  t.same(results.map((r) => r.status), ['fulfilled', 'rejected', 'fulfilled'])
  t.same(db.prepare('SELECT v FROM t ORDER BY v').all(), [{ v: 1 }, { v: 3 }])
  t.equal(db.inTransaction, false)
  await gc.drained()
  db.close()
})
