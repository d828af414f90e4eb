import t from 'tap'
import { asciiFold, decodeText, encodeText } from '../../../protocols/sip2/codec/charset.js'
import { formatSipDate, parseSipDate } from '../../../protocols/sip2/codec/date.js'

t.test('windows-1258: base letter + combining tone, and back to NFC', async (t) => {
  const b = encodeText('Nguyễn', 'windows-1258')
  t.same([...b], [0x4e, 0x67, 0x75, 0x79, 0xea, 0xde, 0x6e], 'ê (0xEA) then combining tilde (0xDE); not "Nguy?n"')
  t.equal(decodeText(b, 'windows-1258'), 'Nguyễn')
  const name = 'Trần Thị Ngọc Ánh, Đặng Ưu Ơn'
  t.equal(decodeText(encodeText(name, 'windows-1258'), 'windows-1258'), name, 'every Vietnamese letter survives')
  t.notOk(encodeText(name, 'windows-1258').includes(0x3f), 'no "?"')
})

t.test('CP850: what fits stays, Vietnamese letters fold, the rest is ?', async (t) => {
  t.equal(decodeText(encodeText('Müller', 'cp850'), 'cp850'), 'Müller')
  t.equal(decodeText(encodeText('Nguyễn Đức', 'cp850'), 'cp850'), 'Nguyen Duc')
  t.equal(decodeText(encodeText('書', 'cp850'), 'cp850'), '?')
})

t.test('ASCII mode folds Vietnamese, case preserved, đ→d', async (t) => {
  t.equal(asciiFold('Đặng Thị Ngọc Hân'), 'Dang Thi Ngoc Han')
  t.equal(encodeText('đường Ưu', 'ascii').toString('latin1'), 'duong Uu')
})

t.test('UTF-8 is NFC on output and input', async (t) => {
  t.equal(encodeText('Nguye\u0302\u0303n', 'utf-8').toString('utf8'), 'Nguyễn')
  t.equal(decodeText(Buffer.from('Nguye\u0302\u0303n'), 'utf-8'), 'Nguyễn')
  t.throws(() => decodeText(Buffer.from([0x39, 0x00]), 'utf-8'), { code: 'LG_ERR_SIP2_NUL' })
})

t.test('dates: YYYYMMDDZZZZHHMMSS', async (t) => {
  const d = new Date(2026, 10, 24, 20, 52, 52)
  t.equal(formatSipDate(d), '20261124    205252')
  t.equal(parseSipDate('20261124    205252')?.getTime(), d.getTime(), 'blank zone = local time')
  t.equal(parseSipDate('20261124   Z205252')?.toISOString(), '2026-11-24T20:52:52.000Z', 'Z = UTC')
  t.equal(parseSipDate(' '.repeat(18)), undefined, 'blank optional date')
  t.equal(parseSipDate('20260231    120000'), undefined, 'no 31 February')
  t.equal(parseSipDate('garbage'), undefined)
})
