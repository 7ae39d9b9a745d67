#pragma once
// QuorumRun: the hand-worked leaderless run the report tests draw and trace
// (the same scenario as tests/replication/ObserverFanoutTest.cpp, which
// derives its hook sequence by hand): a hinted write, a quorum reached, a
// read with a blocking repair and a hand-off.

#include <memory>
#include <string>

#include "tests/TestSupport.h"
#include "tests/report/RecordedRun.h"

namespace replsim::testing {

// Five nodes, every link 10 ms. Key x's ring order is A, D, E, B, C (the
// independent Python ring, see HashRingTest and LeaderlessProtocolTest):
// replicas A, D, E; fallbacks B then C. n 3, w 2, r 2, hinted handoff,
// blocking read repair, read fan-out r. D is down from 0 to 550 ms.
// x=1 is written through A at 1 ms; x is read through A at 560 ms.
inline const char* kQuorumScenario = R"({"replsim": 1, "name": "hooks",
    "topology": {"kind": "all-to-all", "leaders": ["A", "B", "C", "D", "E"]},
    "links": {"default": {"latency_ms": 10}},
    "replication": {"mode": "leaderless", "read_repair": "blocking",
                    "quorum": {"n": 3, "w": 2, "r": 2, "hinted_handoff": true, "read_fanout": "r"}},
    "writes": [{"at_ms": 1, "leader": "A", "key": "x", "value": "1"},
               {"at_ms": 560, "leader": "A", "key": "x", "op": "read"}],
    "faults": [{"at_ms": 0, "crash": "D"}, {"at_ms": 550, "recover": "D"}]})";

// What the run publishes (ObserverFanoutTest derives each time):
//   1    hinted write A->B (arrives 11), write A->E (11); fan-out of A#1 to B, E
//   11   hint stored at B for D; hinted ack B->A (21); ack E->A (21)
//   21   quorum reached for A#1, 2/2 acks
//   560  read request A->D (570); fan-out of read x #1 to D
//   570  read answer D->A, none (580)
//   580  quorum reached for read x #1 (2/2 answers); repair A->D (590)
//   590  repair ack D->A (600)
//   611  hand-off B->D (621); hint handed off
inline std::unique_ptr<RecordedRun> recordQuorumRun(size_t maxRecords = EventRecorder::kDefaultMaxRecords) {
  return recordRun(loadScenario(kQuorumScenario), maxRecords);
}

}  // namespace replsim::testing
